// The HTTP informers and the status writer against the sim's real in-process API, exposed through
// a tiny HTTP adapter (list, watch, PUT status) so the test needs no full API server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../api/testing.ts';
import type { KubeObject } from '../../core/types.ts';
import { createLogger } from '../log.ts';
import type { ClusterState } from '../objects.ts';
import { loadKubeconfig } from './api-client.ts';
import { ApiSource } from './api-source.ts';

const REFS: Record<string, { apiVersion: string; kind: string }> = {
  '/apis/networking.k8s.io/v1/ingresses': { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  '/apis/networking.k8s.io/v1/ingressclasses': { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' },
  '/api/v1/services': { apiVersion: 'v1', kind: 'Service' },
  '/apis/discovery.k8s.io/v1/endpointslices': { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  '/api/v1/secrets': { apiVersion: 'v1', kind: 'Secret' },
  '/api/v1/nodes': { apiVersion: 'v1', kind: 'Node' },
};

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(api: TestApi, options: { token: string; watchEndsAfterMs?: number }) {
  const requests: string[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.searchParams.get('watch') ? '?watch' : ''}`);
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401).end();
      return;
    }
    const status = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/ingresses\/([^/]+)\/status$/.exec(
      url.pathname,
    );
    if (req.method === 'PUT' && status) {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const updated = api.client.update(JSON.parse(body) as KubeObject, { subresource: 'status' });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(updated));
      });
      return;
    }
    const ref = REFS[url.pathname];
    if (!ref) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({
            kind: 'Status',
            code: 404,
            message: 'the server could not find the requested resource',
          }),
        );
      return;
    }
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      open.add(res);
      const stop = api.client.watch(ref, undefined, (event) => res.write(`${JSON.stringify(event)}\n`), {
        resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
      });
      const end = () => {
        stop();
        open.delete(res);
        res.end();
      };
      res.on('close', end);
      if (options.watchEndsAfterMs) setTimeout(end, options.watchEndsAfterMs);
      return;
    }
    const list = api.client.list(ref);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify({
          kind: `${ref.kind}List`,
          apiVersion: ref.apiVersion,
          metadata: { resourceVersion: list.resourceVersion },
          items: list.items,
        }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'ingress-watch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = join(dir, 'kubeconfig');
  const port = (server.address() as AddressInfo).port;
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: workshop-sim',
      'clusters:',
      `- name: sim\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
      'users:',
      `- name: traefik\n  user:\n    token: ${options.token}`,
      'contexts:',
      '- name: workshop-sim\n  context:\n    cluster: sim\n    user: traefik',
      '',
    ].join('\n'),
  );
  return { kubeconfig, requests };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function svc(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { ports: [{ port: 80 }], selector: { app: name } },
  };
}

describe('ApiSource', () => {
  it('lists every kind, then follows watch events, and reports a missing Middleware API as empty', async () => {
    const api = createTestApi();
    cleanups.push(() => api.close());
    api.client.create(svc('before'));
    const { kubeconfig } = await serve(api, { token: 's3cret' });
    const source = new ApiSource(loadKubeconfig(kubeconfig), {
      log: createLogger({ level: 'error', write: () => {} }),
      watchMiddlewares: true,
    });
    cleanups.push(() => source.stop());
    let latest: ClusterState | undefined;
    await source.start((s) => {
      latest = s;
    });
    expect(latest?.services.map((s) => s.metadata.name)).toContain('before');
    expect(latest?.nodes.length).toBeGreaterThan(0);
    expect(latest?.middlewares).toEqual([]);

    api.client.create(svc('after'));
    await until('the watch to deliver the new Service', () =>
      latest?.services.some((s) => s.metadata.name === 'after'),
    );
    api.client.delete({ apiVersion: 'v1', kind: 'Service' }, 'default', 'before');
    await until(
      'the watch to deliver the deletion',
      () => latest && !latest.services.some((s) => s.metadata.name === 'before'),
    );
  });

  it('lists again when the server ends a watch, without losing changes made in between', async () => {
    const api = createTestApi();
    cleanups.push(() => api.close());
    const { kubeconfig, requests } = await serve(api, { token: 't', watchEndsAfterMs: 50 });
    const source = new ApiSource(loadKubeconfig(kubeconfig), {
      log: createLogger({ level: 'error', write: () => {} }),
      watchMiddlewares: false,
      retryDelayMs: 20,
    });
    cleanups.push(() => source.stop());
    let latest: ClusterState | undefined;
    await source.start((s) => {
      latest = s;
    });
    await until(
      'a second list of services',
      () => requests.filter((r) => r === 'GET /api/v1/services').length >= 2,
    );
    api.client.create(svc('late'));
    await until('the new Service after re-listing', () =>
      latest?.services.some((s) => s.metadata.name === 'late'),
    );
    expect(requests.some((r) => r.includes('middlewares'))).toBe(false);
  });

  it('writes status.loadBalancer.ingress through PUT …/status', async () => {
    const api = createTestApi();
    cleanups.push(() => api.close());
    api.client.create(svc('web'));
    const created = api.client.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        rules: [
          {
            host: 'a.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
    const { kubeconfig } = await serve(api, { token: 't' });
    const source = new ApiSource(loadKubeconfig(kubeconfig), {
      log: createLogger({ level: 'error', write: () => {} }),
      watchMiddlewares: false,
    });
    await source.updateIngressStatus(created, [{ ip: '127.0.0.1' }]);
    const stored = api.client.get({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }, 'default', 'web');
    expect(stored?.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.0.1' }]);
  });
});
