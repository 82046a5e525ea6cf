import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../core/types.ts';
import { createTestApi, type TestApi } from './testing.ts';

const SERVICES = { apiVersion: 'v1', kind: 'Service' };
const PODS = { apiVersion: 'v1', kind: 'Pod' };
let api: TestApi;
afterEach(() => api?.close());

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('createTestApi', () => {
  it('starts like a fresh cluster: system namespaces, the node and the kubernetes Service', () => {
    api = createTestApi();
    const namespaces = api.client
      .list({ apiVersion: 'v1', kind: 'Namespace' })
      .items.map((n) => n.metadata.name);
    expect(namespaces).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const node = api.client.get({ apiVersion: 'v1', kind: 'Node' }, undefined, 'sim-control-plane');
    expect(node?.status.addresses[0]).toEqual({ type: 'InternalIP', address: api.network.nodeIP });
    expect(api.client.get(SERVICES, 'default', 'kubernetes')?.spec.ports[0].port).toBe(443);
    expect(api.client.get(SERVICES, 'kube-system', 'kube-dns')).toBeDefined();
  });

  it('fills in server metadata and names objects from generateName', () => {
    api = createTestApi();
    const pod = api.client.create({
      ...PODS,
      metadata: { generateName: 'web-', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    expect(pod.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.metadata.creationTimestamp).toMatch(/Z$/);
    expect(Number(pod.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('refuses an update from a stale resourceVersion with the API server Conflict message', () => {
    api = createTestApi();
    const cm = api.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1' },
    });
    api.client.update({ ...cm, data: { a: '2' } });
    expect(() => api.client.update({ ...cm, data: { a: '3' } })).toThrow(
      'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('refuses creates in a namespace that does not exist', () => {
    api = createTestApi();
    expect(() =>
      api.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'nope' } }),
    ).toThrow('namespaces "nope" not found');
  });

  it('keeps status out of main-resource updates and spec out of status updates', () => {
    api = createTestApi();
    const pod = api.client.create({
      ...PODS,
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const withStatus = api.client.update({ ...pod, status: { phase: 'Running' } }, { subresource: 'status' });
    expect(withStatus.status.phase).toBe('Running');
    const relabelled = api.client.update({
      ...withStatus,
      metadata: { ...withStatus.metadata, labels: { a: 'b' } },
      status: { phase: 'Failed' },
    });
    expect(relabelled.status.phase).toBe('Running');
    expect(relabelled.metadata.labels).toEqual({ a: 'b' });
  });

  it('does not bump the resourceVersion for an update that changes nothing', () => {
    api = createTestApi();
    const cm = api.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1' },
    });
    expect(api.client.update(cm).metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
  });

  it('deletes a bound Pod gracefully and an unbound one at once', () => {
    api = createTestApi();
    const spec = { containers: [{ name: 'c', image: 'x' }], terminationGracePeriodSeconds: 20 };
    api.client.create({
      ...PODS,
      metadata: { name: 'bound', namespace: 'default' },
      spec: { ...spec, nodeName: 'sim-control-plane' },
    });
    api.client.create({ ...PODS, metadata: { name: 'unbound', namespace: 'default' }, spec });
    const marked = api.client.delete(PODS, 'default', 'bound');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(20);
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(api.client.get(PODS, 'default', 'bound')).toBeDefined();
    api.client.delete(PODS, 'default', 'bound', { gracePeriodSeconds: 0 });
    expect(api.client.get(PODS, 'default', 'bound')).toBeUndefined();
    api.client.delete(PODS, 'default', 'unbound');
    expect(api.client.get(PODS, 'default', 'unbound')).toBeUndefined();
  });

  it('keeps an object with finalizers until the last finalizer is removed', () => {
    api = createTestApi();
    const cm = api.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default', finalizers: ['x/y'] },
    });
    api.client.delete(cm, 'default', 'c');
    const marked = api.client.get(cm, 'default', 'c') as KubeObject;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    api.client.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(api.client.get(cm, 'default', 'c')).toBeUndefined();
  });

  it('delivers watch events after the write returns, in order, from a resourceVersion', async () => {
    api = createTestApi();
    const list = api.client.list(SERVICES, 'default');
    const events: WatchEvent[] = [];
    api.client.watch(SERVICES, 'default', (e) => events.push(e), { resourceVersion: list.resourceVersion });
    const created = api.client.create({
      ...SERVICES,
      metadata: { name: 's', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    expect(events).toHaveLength(0);
    api.client.delete(SERVICES, 'default', 's');
    await until('two events', () => (events.length >= 2 ? true : undefined));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED s', 'DELETED s']);
    expect(created.metadata.name).toBe('s');
  });

  it('records Events about an object and folds repeats into a count', () => {
    api = createTestApi();
    const cm = api.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
    });
    api.client.recordEvent(cm, 'Normal', 'Tested', 'it works', 'tester');
    api.client.recordEvent(cm, 'Normal', 'Tested', 'it works', 'tester');
    const events = api.client.list({ apiVersion: 'v1', kind: 'Event' }, 'default', {
      fieldSelector: 'involvedObject.name=c',
    }).items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      reason: 'Tested',
      message: 'it works',
      count: 2,
      source: { component: 'tester' },
    });
  });
});
