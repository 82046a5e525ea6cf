// The "ports" network mode (what macOS gets) through a whole cluster: startCluster with
// SIM_NETWORK_MODE=ports, the workshop's Traefik manifests, a 3-replica backend with a readiness
// probe. The host reaches it only through real ports (entry point, NodePort); inside, the ingress
// controller, the backend's toolbox and the API server's pods proxy reach Pods and Services by their
// virtual addresses through the port table.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type SimCluster, startCluster } from '../cluster.ts';
import { randomTestNetwork } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';
import { dialAddress } from '../core/virtual-network.ts';
import { eventually } from './testing.ts';

const TRAEFIK_MANIFESTS = fileURLToPath(new URL('../../../runtime/manifests/traefik/', import.meta.url));
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

let cluster: SimCluster;
let stateDir = '';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; pod?: string }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : request;
    const req = send(url, { headers, agent: false, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, pod: res.headers['x-pod-name'] as string | undefined }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function readyPods(namespace: string, selector: string): KubeObject[] {
  return cluster.client
    .list(POD, namespace, { labelSelector: selector })
    .items.filter((p) =>
      (p.status?.conditions ?? []).some(
        (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
      ),
    );
}

/** GET through the API server's pods proxy, as `kubectl get --raw` would. */
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the backend's toolbox, checked field by field
async function viaPodsProxy(pod: string, path: string): Promise<any> {
  const url = `${cluster.apiUrl}/api/v1/namespaces/default/pods/${pod}:8080/proxy${path}`;
  const { status, body } = await get(url, { authorization: `Bearer ${cluster.token}` });
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body}`);
  return JSON.parse(body);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'sim-ports-mode-'));
  const before = process.env.SIM_NETWORK_MODE;
  process.env.SIM_NETWORK_MODE = 'ports';
  try {
    cluster = await startCluster({
      stateDir,
      network: randomTestNetwork(),
      nodeAgent: 'process',
      entryPoints: { http: 0, https: 0 },
      log: () => {},
    });
  } finally {
    if (before === undefined) delete process.env.SIM_NETWORK_MODE;
    else process.env.SIM_NETWORK_MODE = before;
  }
  const manifests = readdirSync(TRAEFIK_MANIFESTS)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => (a.startsWith('namespace') ? -1 : b.startsWith('namespace') ? 1 : a.localeCompare(b)))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(TRAEFIK_MANIFESTS, f), 'utf8')).map((d) => d.toJS() as KubeObject),
    )
    .filter(Boolean);
  const labels = { app: 'myapp' };
  for (const object of [
    ...manifests,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'myapp', namespace: 'default' },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'backend',
                image: 'workshop/backend:latest',
                ports: [{ name: 'http', containerPort: 8080 }],
                env: [
                  { name: 'TOOLBOX_ENABLED', value: 'true' },
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ],
                readinessProbe: {
                  httpGet: { path: '/actuator/health/readiness', port: 'http' },
                  periodSeconds: 1,
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-app-service', namespace: 'default' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-app-nodeport', namespace: 'default' },
      spec: { type: 'NodePort', selector: labels, ports: [{ port: 80, targetPort: 8080, nodePort: 30001 }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'myapp', namespace: 'default' },
      spec: {
        ingressClassName: 'traefik',
        rules: [
          {
            host: 'myapp.example.com',
            http: {
              paths: [
                {
                  path: '/api',
                  pathType: 'Prefix',
                  backend: { service: { name: 'my-app-service', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  ] as KubeObject[])
    cluster.client.create(object);
  // The backend image may need building (tsc) on the first run, so give it time.
  await eventually('3 ready backend Pods', () => readyPods('default', 'app=myapp').length === 3, 120_000);
  await eventually(
    'a ready traefik Pod',
    () => readyPods('traefik', 'app.kubernetes.io/name=traefik').length === 1,
    60_000,
  );
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe('a cluster in ports mode', () => {
  it('keeps the API view: Pods have their plan addresses but listen on 127.0.0.1 behind the table', async () => {
    const pod = readyPods('default', 'app=myapp')[0] as KubeObject;
    const podIP: string = pod.status.podIP;
    expect(podIP.startsWith(cluster.network.podCIDR.split('.').slice(0, 2).join('.'))).toBe(true);
    expect(dialAddress(podIP, 8080)?.host).toBe('127.0.0.1');
    // Linux could bind the Pod IP: a refusal there shows the Pod listens elsewhere.
    const direct = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: podIP, port: 8080 });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(direct).toBe('ECONNREFUSED');
  });

  it('answers through the host entry point, the ingress controller Pod and all 3 backend Pods', async () => {
    await eventually(
      'the route to answer 200',
      async () =>
        (await get(`${cluster.entryPoints.http}/api/users`, { host: 'myapp.example.com' })).status === 200,
      30_000,
    );
    const pods = new Set<string>();
    for (let i = 0; i < 45; i++) {
      const res = await get(`${cluster.entryPoints.http}/api/users`, { host: 'myapp.example.com' });
      expect(res.status).toBe(200);
      if (res.pod) pods.add(res.pod);
    }
    const names = readyPods('default', 'app=myapp').map((p) => p.metadata.name);
    expect([...pods].sort()).toEqual(names.sort());
  }, 60_000);

  it('answers on a NodePort of the node IP, from the host', async () => {
    const res = await get(`http://${cluster.nodePortHost}:30001/api/v1/hello`);
    expect(res.status).toBe(200);
  });

  it('reaches all 3 Pods through the ClusterIP from inside a Pod (toolbox via the pods proxy), with DNS', async () => {
    const pod = readyPods('default', 'app=myapp')[0]?.metadata.name as string;
    const clusterIP = cluster.client.get({ apiVersion: 'v1', kind: 'Service' }, 'default', 'my-app-service')
      ?.spec.clusterIP;
    const resolved = await viaPodsProxy(pod, '/toolbox/resolve?name=my-app-service');
    expect(resolved.addresses).toEqual([{ address: clusterIP, family: 4 }]);
    const url = encodeURIComponent('http://my-app-service/api/v1/hello');
    const fetched = await viaPodsProxy(pod, `/toolbox/fetch?url=${url}&count=30`);
    expect(fetched.summary).toMatchObject({ count: 30, ok: 30, distinctPods: 3 });
    expect(fetched.results[0].address).toBe(clusterIP);
  });

  it('keeps serving through a Pod restart: the restarted process registers its new port', async () => {
    const pod = readyPods('default', 'app=myapp')[0] as KubeObject;
    const before = dialAddress(pod.status.podIP, 8080);
    cluster.client.delete(POD, 'default', pod.metadata.name ?? '', { gracePeriodSeconds: 0 });
    await eventually(
      '3 ready backend Pods again',
      () => {
        const ready = readyPods('default', 'app=myapp');
        return ready.length === 3 && !ready.some((p) => p.metadata.name === pod.metadata.name);
      },
      60_000,
    );
    const replacement = readyPods('default', 'app=myapp').find((p) => p.status.podIP === pod.status.podIP);
    if (!replacement) expect(dialAddress(pod.status.podIP, 8080)).toBeUndefined();
    else expect(dialAddress(pod.status.podIP, 8080)).not.toEqual(before);
    const url = encodeURIComponent('http://my-app-service/api/v1/hello');
    const from = readyPods('default', 'app=myapp')[0]?.metadata.name as string;
    await eventually(
      '30 of 30 through the Service from a Pod',
      async () => {
        const fetched = await viaPodsProxy(from, `/toolbox/fetch?url=${url}&count=30`);
        return fetched.summary.ok === 30 && fetched.summary.distinctPods === 3;
      },
      30_000,
    );
  }, 90_000);
});
