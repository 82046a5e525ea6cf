// Benchmark (not a test): how long `lab cluster up --runtime sim` takes, cold, until Traefik is Ready.
// Each run starts from empty state and takes the cluster down afterwards. The entry points go to
// free ports the bench picks (80/443 may be held by other clusters on a shared machine).
//   node scripts/bench/cluster-up.mjs [runs=3] [--compare-tsx]
// --compare-tsx alternates each run with one where the daemon and the traefik image run through tsx
// (WORKSHOP_SIM_TSX=1, SIM_NO_BUNDLE=1: how they ran before the bundles), so both see the same load.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lab = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
const compare = process.argv.includes('--compare-tsx');
const modes = compare
  ? [
      { name: 'bundles', env: {} },
      { name: 'tsx', env: { WORKSHOP_SIM_TSX: '1', SIM_NO_BUNDLE: '1' } },
    ]
  : [{ name: 'bundles', env: {} }];
const times = new Map(modes.map((m) => [m.name, []]));

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

const loadBefore = loadavg()[0];
for (let i = 0; i < runs; i++) {
  for (const mode of modes) {
    const state = mkdtempSync(join(tmpdir(), 'bench-up-'));
    const env = { ...process.env, CI: '1', WORKSHOP_STATE_DIR: state, ...mode.env };
    const ports = ['--http-port', String(await freePort()), '--https-port', String(await freePort())];
    const started = performance.now();
    try {
      execFileSync(process.execPath, [lab, 'cluster', 'up', '--runtime', 'sim', ...ports], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      times.get(mode.name).push((performance.now() - started) / 1000);
    } finally {
      execFileSync(process.execPath, [lab, 'cluster', 'down', '--runtime', 'sim'], { env, stdio: 'ignore' });
      rmSync(state, { recursive: true, force: true });
    }
  }
}
const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
for (const [name, list] of times) {
  list.sort((a, b) => a - b);
  const median = list[Math.floor(list.length / 2)];
  console.log(
    `lab cluster up (sim, cold → Traefik Ready, ${name}): ${list.map((t) => `${t.toFixed(2)}s`).join(', ')}; median ${median.toFixed(2)}s (goal ≤ 3s; ${load})`,
  );
}
