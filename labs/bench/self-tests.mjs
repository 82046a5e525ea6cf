#!/usr/bin/env node
// Benchmark (not a test): the wall time of the labs' self-tests on the sim — every lab's `lab start`,
// exercise, solution and mistakes graded through the real `lab` command, each file on its own sim
// cluster. Prints the total and each file's time, with the machine's load (others' tests share it).
//   node labs/bench/self-tests.mjs [--runs N] [--json]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
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

const results = [];
for (let i = 0; i < runs; i++) {
  // The shared vitest config always writes this JSON report; it names each file's start and end.
  const report = join(LABS, 'test-results', 'vitest.json');
  rmSync(report, { force: true });
  const load = loadavg()[0];
  const started = performance.now();
  const run = spawnSync(process.execPath, [VITEST, 'run', 'test/'], {
    cwd: LABS,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
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
    process.stderr.write(`vitest wrote no report (exit ${run.status}):\n${run.stderr}\n`);
  }
  results.push({ wallMs, exit: run.status, loadBefore: load, loadAfter: loadavg()[0], files });
}

if (values.json) {
  process.stdout.write(`${JSON.stringify({ cores: availableParallelism(), results })}\n`);
} else {
  for (const [i, r] of results.entries()) {
    const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      `run ${i + 1}: ${secs(r.wallMs)} total, exit ${r.exit}, load ${r.loadBefore.toFixed(1)} → ${r.loadAfter.toFixed(1)} on ${availableParallelism()} cores\n`,
    );
    for (const f of r.files)
      process.stdout.write(`  ${f.passed ? '✓' : '✗'} ${f.file.padEnd(32)} ${secs(f.ms)}\n`);
  }
}
process.exitCode = results.every((r) => r.exit === 0) ? 0 : 1;
