import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeApiError } from './api-error.ts';
import { KubeClient } from './client.ts';
import { type FakeApiServer, startFakeApiServer } from './testing/fake-api-server.ts';

const service = (nodePort?: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api-service' },
  spec: {
    type: 'NodePort',
    selector: { app: 'api' },
    ports: [{ port: 80, targetPort: 8080, ...(nodePort ? { nodePort } : {}) }],
  },
});

describe('KubeClient', () => {
  let api: FakeApiServer;
  let kube: KubeClient;
  beforeEach(async () => {
    api = await startFakeApiServer();
    kube = await KubeClient.fromKubeconfig({ kubeconfigPath: api.kubeconfigPath });
  });
  afterEach(() => api.close());

  it('creates with server-side apply, then reports unchanged and configured on later applies', async () => {
    const [first] = await kube.apply([service()], { namespace: 'lab-01', fieldManager: 'lab' });
    expect(first?.action).toBe('created');
    expect(first?.ref).toBe('Service lab-01/api-service');
    expect(api.requests).toContain(
      'PATCH /api/v1/namespaces/lab-01/services/api-service?fieldManager=lab&fieldValidation=Strict&force=true application/apply-patch+yaml',
    );
    const [again] = await kube.apply([service()], { namespace: 'lab-01' });
    expect(again?.action).toBe('unchanged');
    const [changed] = await kube.apply([service(30001)], { namespace: 'lab-01' });
    expect(changed?.action).toBe('configured');
    const stored = await kube.get({
      apiVersion: 'v1',
      kind: 'Service',
      namespace: 'lab-01',
      name: 'api-service',
    });
    expect(stored?.spec).toMatchObject({ ports: [{ nodePort: 30001 }] });
  });

  it('falls back to create and merge patch when the server refuses server-side apply', async () => {
    api.refuseServerSideApply = true;
    expect((await kube.apply([service()], { namespace: 'lab-01' }))[0]?.action).toBe('created');
    expect((await kube.apply([service(30002)], { namespace: 'lab-01' }))[0]?.action).toBe('configured');
    expect(api.requests.some((r) => r.startsWith('POST /api/v1/namespaces/lab-01/services?'))).toBe(true);
    expect(api.requests.at(-1)).toMatch(/^PATCH .* application\/merge-patch\+json$/);
  });

  it("keeps the API server's own message when an object is invalid", async () => {
    const error = await kube.apply([service(40000)], { namespace: 'lab-01' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).code).toBe(422);
    expect((error as Error).message).toBe(
      'Service "api-service" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('names the kind and version when the server does not know a kind', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    await expect(kube.apply([widget])).rejects.toThrow(
      'no matches for kind "Widget" in version "example.com/v1"',
    );
  });

  it('returns undefined for a missing object and false when deleting one', async () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'x', name: 'nope' };
    expect(await kube.get(ref)).toBeUndefined();
    expect(await kube.delete(ref)).toBe(false);
    await kube.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nope', namespace: 'x' } }]);
    expect(await kube.delete(ref)).toBe(true);
  });

  it('lists by label selector and restores kind and apiVersion on items', async () => {
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a', namespace: 'n', labels: { app: 'web' } },
    });
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'b', namespace: 'n', labels: { app: 'db' } },
    });
    const pods = await kube.list('v1', 'Pod', { namespace: 'n', labelSelector: 'app=web' });
    expect(pods.map((p) => `${p.kind}/${p.metadata.name}`)).toEqual(['Pod/a']);
  });

  it('waits for a Deployment and says what it saw when it never becomes available', async () => {
    api.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'n', generation: 1 },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } },
      status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 1 },
    });
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'n', labels: { app: 'web' } },
      status: {
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } }],
      },
    });
    await expect(
      kube.waitForDeploymentAvailable('n', 'web', { timeoutMs: 300, intervalMs: 50 }),
    ).rejects.toThrow(
      'waiting for Deployment n/web to be available; last seen: 1/3 replicas available, 3 up to date; pods: web-1 Pending (ImagePullBackOff)',
    );
  });

  it('returns a Ready Pod as soon as it is Ready', async () => {
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'n' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const pod = await kube.waitForPodReady('n', 'p', { timeoutMs: 2000 });
    expect(pod.metadata.name).toBe('p');
  });

  it('sends proxy requests to the pods proxy subresource', async () => {
    const res = await kube.proxyPod('lab-01', 'probe', 8080, '/toolbox/http?url=x');
    expect(res.status).toBe(200);
    expect(res.body).toBe('proxied GET to lab-01/probe port 8080 path /toolbox/http');
    expect(api.requests.at(-1)).toBe(
      'GET /api/v1/namespaces/lab-01/pods/probe:8080/proxy/toolbox/http?url=x',
    );
  });

  it('creates a namespace once and tolerates ensuring it again', async () => {
    await kube.ensureNamespace('lab-01', { 'workshop.dev/lab': '01' });
    await kube.ensureNamespace('lab-01', { 'workshop.dev/lab': '01' });
    const ns = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'lab-01' });
    expect(ns?.metadata.labels).toEqual({ 'workshop.dev/lab': '01' });
    expect(await kube.deleteNamespace('lab-01')).toBe(true);
    expect(await kube.deleteNamespace('lab-01')).toBe(false);
  });
});

describe('connection errors', () => {
  it('names the unreachable API address', async () => {
    const api = await startFakeApiServer();
    const kube = await KubeClient.fromKubeconfig({ kubeconfigPath: api.kubeconfigPath });
    await api.close();
    await expect(kube.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'n', name: 'p' })).rejects.toThrow(
      `cannot reach the API server at ${api.url} (ECONNREFUSED)`,
    );
  });
});
