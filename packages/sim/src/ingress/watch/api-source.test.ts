// The HTTP informers and the status writer against the sim's real in-process API, exposed through
// a tiny HTTP adapter (list, watch, PUT status) so the test needs no full API server.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../../api/testing.ts';
import type { KubeObject } from '../../core/types.ts';
import { createLogger } from '../log.ts';
import type { ClusterState } from '../objects.ts';
import { loadKubeconfig } from './api-client.ts';
import { ApiSource } from './api-source.ts';
import { serveTestApi } from './test-api-server.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(
  api: TestApi,
  options: { token: string; watchEndsAfterMs?: number; notServed?: string[] },
) {
  const served = await serveTestApi(api, options);
  cleanups.push(() => served.close());
  return served;
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
    const { kubeconfig } = await serve(api, {
      token: 's3cret',
      notServed: ['/apis/traefik.io/v1alpha1/middlewares'],
    });
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
