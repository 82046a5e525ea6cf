import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { type ControlPlane, deployment, startControlPlane } from '../testing/controller-harness.ts';
import { waitFor } from '../testing/wait-for.ts';
import { DEPLOYMENT, POD, REPLICA_SET } from './refs.ts';

const NS = 'default';
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };

describe('garbage collector', () => {
  let cp: ControlPlane;
  beforeEach(async () => {
    cp = await startControlPlane();
  });
  afterEach(async () => {
    await cp.stop();
  });

  const owner = (object: KubeObject) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? '',
    uid: object.metadata.uid ?? '',
  });

  it('deletes the ReplicaSets and Pods of a deleted Deployment', async () => {
    cp.client.create(deployment('web', NS, 2));
    await waitFor('2 available', () => cp.client.get(DEPLOYMENT, NS, 'web')?.status?.availableReplicas === 2);
    cp.client.delete(DEPLOYMENT, NS, 'web');
    await waitFor(
      'no ReplicaSet and no Pod left',
      () =>
        cp.list(REPLICA_SET, NS, { app: 'web' }).length === 0 &&
        cp.list(POD, NS, { app: 'web' }).length === 0,
    );
  });

  it('leaves the Pods of a ReplicaSet deleted with propagationPolicy Orphan', async () => {
    cp.client.create(deployment('web', NS, 2));
    await waitFor('2 available', () => cp.client.get(DEPLOYMENT, NS, 'web')?.status?.availableReplicas === 2);
    cp.client.delete(DEPLOYMENT, NS, 'web', { propagationPolicy: 'Orphan' });
    const [set] = cp.list(REPLICA_SET, NS, { app: 'web' });
    cp.client.delete(REPLICA_SET, NS, set?.metadata.name ?? '', { propagationPolicy: 'Orphan' });
    // A later owner deletion proves the collector ran after the orphaning.
    const marker = cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'marker', namespace: NS },
    });
    cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dep', namespace: NS, ownerReferences: [owner(marker)] },
    });
    cp.client.delete(CONFIG_MAP, NS, 'marker');
    await waitFor('the marker dependent collected', () => !cp.client.get(CONFIG_MAP, NS, 'dep'));
    const pods = cp.list(POD, NS, { app: 'web' });
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences ?? []).toEqual([]);
  });

  it('drops a gone owner from a dependent that still has a live one', async () => {
    const a = cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: NS },
    });
    const b = cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'b', namespace: NS },
    });
    cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'shared', namespace: NS, ownerReferences: [owner(a), owner(b)] },
    });
    cp.client.delete(CONFIG_MAP, NS, 'a');
    const shared = await waitFor('the reference to a removed', () => {
      const current = cp.client.get(CONFIG_MAP, NS, 'shared');
      return current?.metadata.ownerReferences?.length === 1 && current;
    });
    expect(shared.metadata.ownerReferences?.[0]?.name).toBe('b');
  });

  it('collects a dependent whose owner was replaced by a new object of the same name', async () => {
    const first = cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner', namespace: NS },
    });
    const stale = owner(first);
    cp.client.delete(CONFIG_MAP, NS, 'owner');
    cp.client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: NS } });
    cp.client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dep', namespace: NS, ownerReferences: [stale] },
    });
    await waitFor('the dependent of the old owner collected', () => !cp.client.get(CONFIG_MAP, NS, 'dep'));
    expect(cp.client.get(CONFIG_MAP, NS, 'owner')).toBeDefined();
  });
});
