// The whole road inside the sim: the workshop's Traefik manifests run this controller as a Pod
// behind its NodePort Service; a 3-replica backend behind a ClusterIP Service and an Ingress must
// answer through the host entry point, from every Pod; an unknown host gets 404.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type SimCluster, startCluster } from '../cluster.ts';
import { randomTestNetwork } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';
import { generateSelfSigned } from './tls/self-signed.ts';

const TRAEFIK_MANIFESTS = fileURLToPath(new URL('../../../runtime/manifests/traefik/', import.meta.url));

let cluster: SimCluster;
const cert = generateSelfSigned({ commonName: 'myapp.example.com', dnsNames: ['myapp.example.com'] });
let stateDir: string;

function get(url: string, host: string): Promise<{ status: number; body: string; pod: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host }, agent: false }, (res) => {
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

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function applyAll(objects: KubeObject[]): void {
  for (const object of objects) cluster.client.create(object);
}

function readyPods(namespace: string, app: string, labelKey = 'app'): KubeObject[] {
  return cluster.client
    .list({ apiVersion: 'v1', kind: 'Pod' }, namespace, { labelSelector: `${labelKey}=${app}` })
    .items.filter((p) =>
      (p.status?.conditions ?? []).some(
        (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
      ),
    );
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'sim-ingress-e2e-'));
  cluster = await startCluster({
    stateDir,
    network: randomTestNetwork(),
    apiPort: 0,
    nodeAgent: 'process',
    entryPoints: { http: 0, https: 0 },
    log: () => {},
  });

  const manifests = readdirSync(TRAEFIK_MANIFESTS)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => (a.startsWith('namespace') ? -1 : b.startsWith('namespace') ? 1 : a.localeCompare(b)))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(TRAEFIK_MANIFESTS, f), 'utf8')).map((d) => d.toJS() as KubeObject),
    )
    .filter(Boolean);
  applyAll(manifests);

  const labels = { app: 'myapp' };
  applyAll([
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
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'myapp-tls', namespace: 'default' },
      data: {
        'tls.crt': Buffer.from(cert.certPem).toString('base64'),
        'tls.key': Buffer.from(cert.keyPem).toString('base64'),
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'myapp', namespace: 'default' },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: ['myapp.example.com'], secretName: 'myapp-tls' }],
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
  ]);
  // The backend image may need building (tsc) on the first run, so give it time.
  await until('3 ready backend Pods', () => readyPods('default', 'myapp').length === 3 || undefined, 120_000);
  await until(
    'a ready traefik Pod',
    () => readyPods('traefik', 'traefik', 'app.kubernetes.io/name').length === 1 || undefined,
    60_000,
  );
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

describe('Ingress through the sim', () => {
  it('answers 60 requests for myapp.example.com/api with 200, from all 3 Pods', async () => {
    await until(
      'the route to answer 200',
      async () =>
        (await get(`${cluster.entryPoints.http}/api/users`, 'myapp.example.com')).status === 200
          ? true
          : undefined,
      30_000,
    );
    const pods = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const res = await get(`${cluster.entryPoints.http}/api/users`, 'myapp.example.com');
      expect(res.status).toBe(200);
      if (res.pod) pods.add(res.pod);
    }
    const names = readyPods('default', 'myapp').map((p) => p.metadata.name);
    expect([...pods].sort()).toEqual(names.sort());
  }, 60_000);

  it('answers 404 page not found for an unknown host', async () => {
    const res = await get(`${cluster.entryPoints.http}/api/users`, 'unknown.example.com');
    expect(res.status).toBe(404);
    expect(res.body).toBe('404 page not found\n');
  });

  it('leaves ADDRESS empty for its NodePort Service and copies the load balancer IP once it is a LoadBalancer', async () => {
    const ING = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' } as const;
    const SVC = { apiVersion: 'v1', kind: 'Service' } as const;
    const address = () =>
      cluster.client.get(ING, 'default', 'myapp')?.status?.loadBalancer?.ingress?.[0]?.ip as
        | string
        | undefined;
    const setType = (type: string) => {
      const svc = cluster.client.get(SVC, 'traefik', 'traefik') as KubeObject;
      cluster.client.update({ ...svc, spec: { ...svc.spec, type } });
    };
    // The routes answer (tests above), so the controller has synced its status at least once.
    expect(address()).toBeUndefined();
    setType('LoadBalancer');
    try {
      const ip = await until('the Ingress status address', address, 15_000);
      const lb = cluster.client.get(SVC, 'traefik', 'traefik')?.status?.loadBalancer?.ingress?.[0]?.ip;
      expect(ip).toBe(lb);
    } finally {
      setType('NodePort');
    }
    await until('the address to be cleared', () => address() === undefined, 15_000);
  });

  it('terminates TLS on the https entry point with the Secret certificate chosen by SNI', async () => {
    const url = new URL(cluster.entryPoints.https);
    const answer = await new Promise<{ cn: string; head: string }>((resolve, reject) => {
      const socket = tlsConnect(
        {
          host: url.hostname,
          port: Number(url.port),
          servername: 'myapp.example.com',
          rejectUnauthorized: false,
        },
        () => {
          const cn = String(socket.getPeerCertificate().subject?.CN ?? '');
          socket.write('GET /api/users HTTP/1.1\r\nHost: myapp.example.com\r\nConnection: close\r\n\r\n');
          let text = '';
          socket.on('data', (c) => {
            text += c.toString();
          });
          socket.on('end', () => resolve({ cn, head: text.split('\r\n')[0] ?? '' }));
        },
      );
      socket.on('error', reject);
    });
    expect(answer).toEqual({ cn: 'myapp.example.com', head: 'HTTP/1.1 200 OK' });
  });
});
