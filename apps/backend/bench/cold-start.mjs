// Cold-start benchmark: how long from spawning `node dist/index.js` until /actuator/health first
// answers 200. The sim starts every backend Pod this way, so this is a Pod's time to serve.
// Usage: npm run bench -w apps/backend [-- --runs 20] [-- --json]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag === -1 ? 20 : Number(args[runsFlag + 1]);
const json = args.includes('--json');
const DEADLINE_MS = 15_000;

if (!Number.isInteger(runs) || runs < 1) {
  console.error(`Expected --runs to be a whole number of at least 1, got "${args[runsFlag + 1]}"`);
  process.exit(2);
}
if (!existsSync(entry)) {
  console.error(' • dist/index.js is missing; building it with tsc -p tsconfig.build.json');
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: appDir, stdio: 'inherit' });
}

/** One status code from a GET on a fresh connection, or null when the connection fails. */
function status(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/actuator/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? null));
    });
    req.on('error', () => resolve(null));
  });
}

function once() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH, SERVER_PORT: '0', SERVER_ADDRESS: '127.0.0.1', POD_NAME: 'bench' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no 200 from /actuator/health within ${DEADLINE_MS} ms`));
    }, DEADLINE_MS);
    let output = '';
    let polling = false;
    child.on('exit', (code) => {
      if (!polling) reject(new Error(`backend exited with ${code} before it listened:\n${output}`));
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', async (chunk) => {
      output += chunk;
      // The port is only known once the server logs it (SERVER_PORT=0 takes a free one).
      const match = / Express started on port (\d+) /.exec(output);
      if (!match || polling) return;
      polling = true;
      const port = Number(match[1]);
      while ((await status(port)) !== 200) {
        if (child.exitCode !== null) return;
      }
      const ms = performance.now() - started;
      clearTimeout(timer);
      child.once('exit', () => resolve(ms));
      child.kill('SIGTERM');
    });
  });
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const samples = [];
for (let i = 0; i < runs; i++) samples.push(await once());
samples.sort((a, b) => a - b);
const result = {
  runs,
  node: process.versions.node,
  minMs: Math.round(samples[0]),
  medianMs: Math.round(percentile(samples, 50)),
  p95Ms: Math.round(percentile(samples, 95)),
  maxMs: Math.round(samples[samples.length - 1]),
};
if (json) {
  console.log(JSON.stringify(result));
} else {
  console.log(
    `cold start of node dist/index.js (spawn → first 200 on /actuator/health), ${runs} runs, Node ${result.node}`,
  );
  console.log(
    `  min ${result.minMs} ms   median ${result.medianMs} ms   p95 ${result.p95Ms} ms   max ${result.maxMs} ms`,
  );
}
