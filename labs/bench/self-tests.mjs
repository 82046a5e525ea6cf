#!/usr/bin/env node
// Benchmark (not a test): the wall and CPU time of the labs' self-tests on the sim — every lab's
// `lab start`, exercise, solution and mistakes graded through the real `lab` command, on the sim
// cluster(s) the tests start. Prints the total and each file's time, the CPU seconds of the whole
// process tree (the sim daemon and its Pods included), and the machine's load (others share it).
//   node labs/bench/self-tests.mjs [--runs N] [--json]
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const LABS = fileURLToPath(new URL('../', import.meta.url));
const VITEST = join(
  createRequire(import.meta.url)
    .resolve('vitest/package.json')
    .replace(/package\.json$/, ''),
  'vitest.mjs',
);

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, json: { type: 'boolean' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs expects a whole number ≥ 1, got "${values.runs}"\n`);
  process.exit(2);
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** /proc/<pid>/stat as { ppid, own, children } CPU ticks; undefined once the process is gone. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After "(comm)": state ppid … utime(12) stime(13) cutime(14) cstime(15), counted from state=0.
    return {
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      children: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return undefined;
  }
}

/**
 * Runs vitest and counts the CPU of its whole tree. What vitest and its workers wait for (the `lab`
 * commands, kubectl) lands in this process's children time once vitest exits. The sim daemon is
 * detached: init reaps it, so its time and its Pods' is sampled from /proc every 100 ms (each
 * process's last sample; the few ms after it are lost).
 */
async function runVitest() {
  const before = stat(process.pid);
  const child = spawn(process.execPath, [VITEST, 'run', 'test/'], {
    cwd: LABS,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const tree = new Map([[child.pid, { parent: process.pid, own: 0, detached: false }]]);
  const sample = () => {
    const seen = new Map();
    for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry)) seen.set(Number(entry), stat(entry));
    // New members: children of members (several passes, so a grandchild born since the last sample joins).
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, s] of seen)
        if (s && !tree.has(pid) && tree.has(s.ppid)) {
          tree.set(pid, { parent: s.ppid, own: s.own, detached: false });
          grew = true;
        }
    }
    for (const [pid, member] of tree) {
      const s = seen.get(pid);
      if (!s) continue;
      member.own = s.own;
      // Reparented to init (or a subreaper): nobody in the tree will wait for it.
      if (pid !== child.pid && s.ppid !== member.parent) member.detached = true;
    }
  };
  const timer = setInterval(sample, 100);
  sample();
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  const after = stat(process.pid);
  const waited = after.children - before.children;
  const isDetached = (pid) => {
    for (let p = pid; tree.has(p); p = tree.get(p).parent) if (tree.get(p).detached) return true;
    return false;
  };
  let detached = 0;
  for (const [pid, member] of tree) if (isDetached(pid)) detached += member.own;
  const ms = (ticks) => Math.round((ticks * 1000) / TICKS);
  return { code, stderr, cpuMs: ms(waited + detached), simCpuMs: ms(detached) };
}

const results = [];
for (let i = 0; i < runs; i++) {
  // The shared vitest config always writes this JSON report; it names each file's start and end.
  const report = join(LABS, 'test-results', 'vitest.json');
  rmSync(report, { force: true });
  const load = loadavg()[0];
  const started = performance.now();
  const run = await runVitest();
  const wallMs = Math.round(performance.now() - started);
  let files = [];
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    files = json.testResults.map((f) => ({
      file: basename(f.name),
      ms: Math.round(f.endTime - f.startTime),
      passed: f.status === 'passed',
    }));
  } catch {
    process.stderr.write(`vitest wrote no report (exit ${run.code}):\n${run.stderr}\n`);
  }
  results.push({
    wallMs,
    cpuMs: run.cpuMs,
    simCpuMs: run.simCpuMs,
    exit: run.code,
    loadBefore: load,
    loadAfter: loadavg()[0],
    files,
  });
}

if (values.json) {
  process.stdout.write(`${JSON.stringify({ cores: availableParallelism(), results })}\n`);
} else {
  for (const [i, r] of results.entries()) {
    const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      `run ${i + 1}: ${secs(r.wallMs)} total, ${secs(r.cpuMs)} CPU (sim daemon and Pods ${secs(r.simCpuMs)}), exit ${r.exit}, load ${r.loadBefore.toFixed(1)} → ${r.loadAfter.toFixed(1)} on ${availableParallelism()} cores\n`,
    );
    for (const f of r.files)
      process.stdout.write(`  ${f.passed ? '✓' : '✗'} ${f.file.padEnd(32)} ${secs(f.ms)}\n`);
  }
}
process.exitCode = results.every((r) => r.exit === 0) ? 0 : 1;
