// Benchmarks of the sim (never timed tests): start to API ready (in-process and as a daemon),
// `kubectl apply` of a 10-object file, and the RSS of an idle cluster. Prints a Markdown table.
// Run: npm run bench -w packages/sim   (or: npx tsx packages/sim/bench/run.ts)
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../src/cluster.ts';
import { bundleEntry } from '../src/core/bundle-cache.ts';
import { randomTestNetwork } from '../src/core/network.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DAEMON = new URL('../src/daemon.ts', import.meta.url).pathname;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function kubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      (error, _out, stderr) =>
        error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(),
    ),
  );
}

async function poll(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function tenObjects(round: number): string {
  const docs: string[] = [];
  for (let i = 0; i < 4; i++) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  round: "${round}"\n`);
  }
  for (let i = 0; i < 3; i++) {
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  labels: {round: "${round}"}\nspec:\n  selector: {app: app-${i}}\n  ports:\n  - {name: http, port: 80, targetPort: 8080}\n`,
    );
  }
  for (let i = 0; i < 3; i++) {
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  labels: {round: "${round}"}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec:\n      containers:\n      - {name: app, image: workshop/backend:1.0}\n`,
    );
  }
  return docs.join('---\n');
}

const dir = await mkdtemp(join(tmpdir(), 'sim-bench-'));
const results: Array<[string, string]> = [];
try {
  // 1. In-process start to API ready (fake node agent, no kube-proxy: the API and controllers only).
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const cluster = await startCluster({
      stateDir: join(dir, `s${i}`),
      network: randomTestNetwork(),
      nodeAgent: 'fake',
      kubeProxy: false,
      log: () => {},
    });
    starts.push(performance.now() - t0);
    await cluster.stop();
  }
  results.push([
    'startCluster() to API ready (in-process, fake agent, no kube-proxy), median',
    `${median(starts).toFixed(0)} ms`,
  ]);

  // 2. Daemon start to cluster.json (a new Node process, real node agent and kube-proxy): through
  // tsx, and from its cached bundle (how `lab cluster up` runs it); the apply and RSS on the latter.
  const bundle = (await bundleEntry(DAEMON)).file;
  const launches: Array<{ label: string; args: string[] }> = [
    { label: 'node + tsx', args: ['--import', 'tsx', DAEMON] },
    { label: 'node + cached bundle', args: [bundle] },
  ];
  let rssKiB = 0;
  for (const [mode, launch] of launches.entries()) {
    const measureMore = mode === launches.length - 1;
    const daemonStarts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const stateDir = join(dir, `d${mode}-${i}`);
      const t0 = performance.now();
      const child = spawn(
        process.execPath,
        [
          ...launch.args,
          '--state-dir',
          stateDir,
          '--http-port',
          '0',
          '--https-port',
          '0',
          '--random-network',
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await poll('cluster.json', () => existsSync(join(stateDir, 'cluster.json')));
      daemonStarts.push(performance.now() - t0);
      if (measureMore && i === RUNS - 1) {
        const info = JSON.parse(readFileSync(join(stateDir, 'cluster.json'), 'utf8'));
        const cache = join(dir, 'kc');
        await kubectl(info.kubeconfig, cache, ['get', 'ns']); // fills kubectl's discovery cache
        const applies: number[] = [];
        for (let round = 0; round < RUNS; round++) {
          const file = join(dir, `objects-${round}.yaml`);
          await writeFile(file, tenObjects(round));
          const a0 = performance.now();
          await kubectl(info.kubeconfig, cache, ['apply', '-f', file]);
          applies.push(performance.now() - a0);
        }
        results.push([
          '`kubectl apply -f` of 10 objects (4 ConfigMaps, 3 Services, 3 Deployments), median',
          `${median(applies).toFixed(0)} ms`,
        ]);
        // Idle: the 3 Deployments' Pods are running as processes now; measure the cluster process only.
        await kubectl(info.kubeconfig, cache, ['delete', 'deploy', '--all']);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      }
      child.kill('SIGTERM');
      await exited;
    }
    results.push([
      `daemon start to cluster.json (${launch.label}, process agent, kube-proxy, DNS), median`,
      `${median(daemonStarts).toFixed(0)} ms`,
    ]);
  }
  results.push(['RSS of the idle daemon (no Pods)', `${(rssKiB / 1024).toFixed(0)} MiB`]);
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log(
  `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${RUNS} runs each\n`,
);
console.log('| measurement | result |\n|---|---|');
for (const [what, value] of results) console.log(`| ${what} | ${value} |`);
