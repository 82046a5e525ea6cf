// The real controller process (main.ts, as the traefik image runs it) against the sim's API over
// HTTP: it must sync, route, apply a Middleware, publish Ingress status, warn about unknown flags
// and exit 0 on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../api/testing.ts';
import type { KubeObject } from '../core/types.ts';
import { serveTestApi, type TestApiServer } from './watch/test-api-server.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let api: TestApi;
let served: TestApiServer;
let backendServer: Server;
let child: ChildProcess;
const output: string[] = [];

function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function create(object: KubeObject): void {
  api.client.create(object);
}

beforeAll(async () => {
  backendServer = createServer((req, res) => res.end(`backend saw ${req.url}`));
  await new Promise<void>((resolve) => backendServer.listen(0, '127.0.0.1', resolve));
  const backendPort = (backendServer.address() as AddressInfo).port;

  api = createTestApi();
  create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'traefik' } });
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'traefik', namespace: 'traefik' },
    spec: {
      type: 'NodePort',
      selector: { app: 'traefik' },
      ports: [{ name: 'web', port: 80, targetPort: 'web' }],
    },
  });
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
  create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }],
  });
  create({
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { name: 'strip-api', namespace: 'default' },
    spec: { stripPrefix: { prefixes: ['/api'] } },
  });
  create({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'web',
      namespace: 'default',
      annotations: { 'traefik.ingress.kubernetes.io/router.middlewares': 'default-strip-api@kubernetescrd' },
    },
    spec: {
      rules: [
        {
          host: 'myapp.example.com',
          http: {
            paths: [
              {
                path: '/api',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  });
  served = await serveTestApi(api, { token: 'pod-token' });
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      '--entryPoints.web.address=127.0.0.1:0',
      '--entryPoints.traefik.address=127.0.0.1:0',
      '--ping=true',
      '--providers.kubernetesingress=true',
      '--providers.kubernetesingress.strictPrefixMatching=true',
      '--providers.kubernetesingress.ingressendpoint.publishedservice=traefik/traefik',
      '--providers.kubernetescrd=true',
      '--log.level=INFO',
      '--accesslog=true',
      '--metrics.prometheus=true',
    ],
    {
      env: { ...process.env, SIM_KUBECONFIG: served.kubeconfig, HOSTNAME: 'traefik-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (c) => output.push(String(c)));
  child.stderr?.on('data', (c) => output.push(String(c)));
}, 30000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  await served?.close();
  api?.close();
  await new Promise((r) => backendServer?.close(r));
});

function entryPointUrl(name: string): string | undefined {
  const m = new RegExp(`Starting entry point ${name} on ([\\d.]+):(\\d+)`).exec(output.join(''));
  return m ? `http://${m[1]}:${m[2]}` : undefined;
}

describe('the traefik image process', () => {
  it('routes through its Ingress and Middleware once synced, and answers /ping', async () => {
    const web = await until('the web entry point to open', () => entryPointUrl('web'));
    const traefik = await until('the traefik entry point to open', () => entryPointUrl('traefik'));
    expect(await get(`${traefik}/ping`, 'x')).toEqual({ status: 200, body: 'OK' });
    const res = await until('the route to appear', async () => {
      const r = await get(`${web}/api/hello`, 'myapp.example.com');
      return r.status === 200 ? r : undefined;
    });
    expect(res.body).toBe('backend saw /hello');
    expect((await get(`${web}/api/hello`, 'other.example.com')).status).toBe(404);
  });

  it('copies the published Service load-balancer address into the Ingress status, and nothing while it has none', async () => {
    const ING = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' } as const;
    const address = () =>
      api.client.get(ING, 'default', 'web')?.status?.loadBalancer?.ingress?.[0]?.ip as string | undefined;
    // The route answered above, so the controller has synced; a NodePort Service has no address.
    expect(address()).toBeUndefined();
    const SVC = { apiVersion: 'v1', kind: 'Service' } as const;
    const svc = api.client.get(SVC, 'traefik', 'traefik') as KubeObject;
    const lb = api.client.update({ ...svc, spec: { ...svc.spec, type: 'LoadBalancer' } });
    // No load-balancer provider runs here: write its status as one would.
    api.client.update(
      { ...lb, status: { loadBalancer: { ingress: [{ ip: '127.250.0.9', ipMode: 'VIP' }] } } },
      { subresource: 'status' },
    );
    expect(await until('the Ingress status', address)).toBe('127.250.0.9');
  });

  it('logs in Traefik style, warns about flags it does not implement, and writes access logs', async () => {
    const text = output.join('');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INF Traefik version 3\.7\.9/m);
    expect(text).toContain(
      'WRN Flag --metrics.prometheus=true is not implemented by the workshop sim; ignoring it',
    );
    await until(
      'an access log line',
      () => /"GET \/api\/hello HTTP\/1\.1" 200 /.test(output.join('')) || undefined,
    );
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
