// Data-plane benchmark for the sim README: how long a 3-replica backend Deployment takes to reach 3
// ready endpoints, and how much memory (RSS) each Pod process uses.
// Run: node --import tsx packages/sim/bench/dataplane.ts  (from the repository root)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApi } from '../src/api/testing.ts';
import { startControllers } from '../src/controllers/index.ts';
import { NODE_NAME } from '../src/core/network.ts';
import { ProcessNodeAgent } from '../src/node/agent.ts';
import { eventually } from '../src/node/testing.ts';
import { startKubeProxy } from '../src/proxy/index.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function round(n: number): Promise<{ ms: number; rss: number[] }> {
  const api = createTestApi({ nodeName: NODE_NAME });
  const stateDir = await mkdtemp(path.join(tmpdir(), 'sim-bench-'));
  const controllers = startControllers(api.client, { nodeName: NODE_NAME });
  const proxy = await startKubeProxy(api.client, {
    network: api.network,
    hostEntryPoints: [],
    log: () => {},
  });
  const agent = new ProcessNodeAgent({
    stateDir,
    network: api.network,
    kubeconfigPath: path.join(stateDir, 'kubeconfig'),
    nodeName: NODE_NAME,
    log: () => {},
  });
  await agent.start(api.client);
  try {
    const started = performance.now();
    api.client.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            containers: [
              {
                name: 'backend',
                image: 'workshop/backend:0.1.0',
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: {
                  httpGet: { path: '/actuator/health/readiness', port: 'http' },
                  periodSeconds: 1,
                },
              },
            ],
          },
        },
      },
    });
    api.client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'default' },
      spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    await eventually(
      '3 ready endpoints',
      () =>
        api.client
          .list(SLICE, 'default')
          .items.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'api')
          .flatMap((s) => s.endpoints ?? [])
          .filter((e: { conditions?: { ready?: boolean } }) => e.conditions?.ready !== false).length === 3,
      60_000,
    );
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the processes settle before measuring
    const pids = [...agent.pods.values()].flatMap((w) => w.runners.flatMap((r) => r.pid ?? []));
    const rss = await Promise.all(pids.map((pid) => rssKiB(pid)));
    process.stderr.write(
      ` • round ${n}: ${ms.toFixed(0)} ms to 3 ready endpoints, RSS ${rss.map((k) => `${(k / 1024).toFixed(1)} MiB`).join(', ')}\n`,
    );
    return { ms, rss };
  } finally {
    await agent.stop();
    await proxy.stop();
    await controllers.stop();
    api.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

const results = [];
for (let n = 1; n <= ROUNDS; n++) results.push(await round(n));
const times = results.map((r) => r.ms).sort((a, b) => a - b);
const rss = results.flatMap((r) => r.rss);
const median = times[Math.floor(times.length / 2)] ?? 0;
const meanRss = rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length) / 1024;
console.log(
  JSON.stringify(
    {
      rounds: ROUNDS,
      deploymentToThreeReadyEndpointsMs: {
        median: Math.round(median),
        min: Math.round(times[0] ?? 0),
        max: Math.round(times.at(-1) ?? 0),
      },
      podRssMiB: { mean: Number(meanRss.toFixed(1)), max: Number((Math.max(...rss) / 1024).toFixed(1)) },
      node: process.version,
    },
    null,
    2,
  ),
);
