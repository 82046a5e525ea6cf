// A tiny HTTP front for the sim's in-process API (list, watch, PUT Ingress status), enough for the
// controller's informers; tests use it where the full API server is not needed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestApi } from '../../api/testing.ts';
import type { KubeObject } from '../../core/types.ts';

export const REFS: Record<string, { apiVersion: string; kind: string }> = {
  '/apis/networking.k8s.io/v1/ingresses': { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  '/apis/networking.k8s.io/v1/ingressclasses': { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' },
  '/api/v1/services': { apiVersion: 'v1', kind: 'Service' },
  '/apis/discovery.k8s.io/v1/endpointslices': { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  '/api/v1/secrets': { apiVersion: 'v1', kind: 'Secret' },
  '/apis/traefik.io/v1alpha1/middlewares': { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware' },
};

export interface TestApiServer {
  kubeconfig: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves `api` on 127.0.0.1 with bearer-token auth and writes a kubeconfig for it into a temp dir. */
export async function serveTestApi(
  api: TestApi,
  options: { token: string; watchEndsAfterMs?: number; notServed?: string[] },
): Promise<TestApiServer> {
  const cleanups: Array<() => void | Promise<void>> = [];
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
    const ref = options.notServed?.includes(url.pathname) ? undefined : REFS[url.pathname];
    if (!ref) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(
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
    res.writeHead(200, { 'content-type': 'application/json' }).end(
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
  return {
    kubeconfig,
    requests,
    async close() {
      for (const c of cleanups.splice(0).reverse()) await c();
    },
  };
}
