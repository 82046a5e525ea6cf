// Benchmark (not a test): how long `lab trace` takes on a warm sim, the median of N runs (default 10).
// It uses the cluster the environment points at (WORKSHOP_STATE_DIR, WORKSHOP_RUNTIME) with lab 08
// started and solved, and times the whole command as a learner runs it (node start-up included).
//   node scripts/bench/trace.mjs [runs=10] [url=http://127.0.0.1/kube/x]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const lab = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const url = args.find((a) => a.startsWith('http')) ?? 'http://127.0.0.1/kube/x';

const trace = () => execFileSync(process.execPath, [lab, 'trace', url, '--json'], { encoding: 'utf8' });
trace(); // warm: the CLI bundle is built once and cached
const times = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const out = JSON.parse(trace());
  times.push(performance.now() - started);
  if (!out.reached) throw new Error(`run ${i + 1}: the request did not reach a Pod`);
}
// The same number of `lab --help` runs: what node and the CLI cost before trace does anything.
const baseline = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  execFileSync(process.execPath, [lab, '--help'], { encoding: 'utf8' });
  baseline.push(performance.now() - started);
}
const middle = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
const base = middle(baseline);
const median = middle(times);
console.log(
  `lab trace ${url}: median ${(median / 1000).toFixed(2)} s of ${runs} (min ${(times[0] / 1000).toFixed(2)} s, max ${(times.at(-1) / 1000).toFixed(2)} s), load ${loadavg()[0].toFixed(1)}; lab --help alone: median ${(base / 1000).toFixed(2)} s`,
);
