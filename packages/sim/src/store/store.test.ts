import { describe, expect, it } from 'vitest';
import { alreadyExists } from '../core/types.ts';
import { createStore, type StoreEvent } from './store.ts';

const svc = (name: string, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
});
const exists = () => alreadyExists({ group: '', plural: 'services' }, 'x');

describe('Store', () => {
  it('gives every write a higher resourceVersion from one global counter', () => {
    const store = createStore();
    const a = store.create('/services', svc('a'), exists);
    const b = store.create('/pods', { ...svc('b'), kind: 'Pod' }, exists);
    const a2 = store.update('/services', a);
    expect(Number(a.metadata.resourceVersion)).toBeLessThan(Number(b.metadata.resourceVersion));
    expect(Number(b.metadata.resourceVersion)).toBeLessThan(Number(a2.metadata.resourceVersion));
    expect(store.resourceVersion).toBe(3);
  });

  it('refuses a second object with the same namespace and name', () => {
    const store = createStore();
    store.create('/services', svc('a'), exists);
    expect(() => store.create('/services', svc('a'), exists)).toThrow(/already exists/);
    expect(() => store.create('/services', svc('a', 'other'), exists)).not.toThrow();
  });

  it('hands out copies, so callers cannot change stored objects behind its back', () => {
    const store = createStore();
    store.create('/services', svc('a'), exists);
    const copy = store.get('/services', 'default', 'a');
    if (copy) copy.metadata.name = 'changed';
    expect(store.get('/services', 'default', 'a')?.metadata.name).toBe('a');
  });

  it('lists one namespace or all of them, sorted', () => {
    const store = createStore();
    store.create('/services', svc('b'), exists);
    store.create('/services', svc('a', 'x'), exists);
    store.create('/services', svc('a'), exists);
    expect(store.list('/services', 'default').items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(store.list('/services').items).toHaveLength(3);
  });

  it('replays the changes after a resourceVersion to a new watch, then follows live changes', () => {
    const store = createStore();
    const a = store.create('/services', svc('a'), exists);
    store.update('/services', a);
    const seen: StoreEvent[] = [];
    const stop = store.watch('/services', { fromResourceVersion: Number(a.metadata.resourceVersion) }, (e) =>
      seen.push(e),
    );
    store.remove('/services', 'default', 'a');
    stop();
    store.create('/services', svc('c'), exists);
    expect(seen.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(seen[1]?.object.metadata.resourceVersion).toBe('3');
  });

  it('only reports the namespace a watch asked for', () => {
    const store = createStore();
    const seen: string[] = [];
    store.watch('/services', { namespace: 'x' }, (e) => seen.push(e.object.metadata.name ?? ''));
    store.create('/services', svc('a'), exists);
    store.create('/services', svc('b', 'x'), exists);
    expect(seen).toEqual(['b']);
  });
});
