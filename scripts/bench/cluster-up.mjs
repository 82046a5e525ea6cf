// Benchmark (not a test): how long `lab cluster up --runtime sim` takes, cold, until Traefik is Ready.
// Each run starts from empty state and takes the cluster down afterwards. The entry points go to
// free ports the bench picks (80/443 may be held by other clusters on a shared machine).
//   node scripts/bench/cluster-up.mjs [runs=3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lab = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const runs = Number(process.argv[2] ?? 3);
const times = [];

/** A port the kernel says is free now (it may be taken again before use; good enough for a bench). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

for (let i = 0; i < runs; i++) {
  const state = mkdtempSync(join(tmpdir(), 'bench-up-'));
  const env = { ...process.env, CI: '1', WORKSHOP_STATE_DIR: state };
  const ports = ['--http-port', String(await freePort()), '--https-port', String(await freePort())];
  const started = performance.now();
  try {
    execFileSync(process.execPath, [lab, 'cluster', 'up', '--runtime', 'sim', ...ports], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    times.push((performance.now() - started) / 1000);
  } finally {
    execFileSync(process.execPath, [lab, 'cluster', 'down', '--runtime', 'sim'], { env, stdio: 'ignore' });
    rmSync(state, { recursive: true, force: true });
  }
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `lab cluster up (sim, cold → Traefik Ready): ${times.map((t) => `${t.toFixed(2)}s`).join(', ')}; median ${median.toFixed(2)}s (goal ≤ 3s)`,
);
