import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { type ControlPlane, pod, startControlPlane } from '../testing/controller-harness.ts';
import { waitFor } from '../testing/wait-for.ts';
import { POD, REPLICA_SET } from './refs.ts';
import { podsToDelete } from './replicaset-controller.ts';

const NS = 'default';

function replicaSet(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'workshop/backend:1.0' }] },
      },
    },
  };
}

describe('replicaset controller', () => {
  let cp: ControlPlane;
  beforeEach(async () => {
    cp = await startControlPlane();
  });
  afterEach(async () => {
    await cp.stop();
  });

  const live = (app: string) => cp.list(POD, NS, { app }).filter((p) => !p.metadata.deletionTimestamp);
  const get = (name: string) => cp.client.get(REPLICA_SET, NS, name) as KubeObject;
  const messages = (name: string) =>
    cp.client
      .list({ apiVersion: 'v1', kind: 'Event' }, NS)
      .items.filter((e) => e.involvedObject?.name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);

  it('creates Pods from the template, owned by the ReplicaSet, and reports them ready', async () => {
    cp.client.create(replicaSet('api', 2));
    await waitFor('2 ready replicas', () => get('api').status?.readyReplicas === 2);
    const set = get('api');
    expect(set.status).toMatchObject({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: set.metadata.generation,
    });
    const pods = live('api');
    for (const p of pods) {
      expect(p.metadata.generateName).toBe('api-');
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'api',
          uid: set.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(messages('api')).toContain(`Normal SuccessfulCreate: Created pod: ${p.metadata.name}`);
    }
  });

  it('replaces a deleted Pod', async () => {
    cp.client.create(replicaSet('api', 3));
    await waitFor('3 ready replicas', () => get('api').status?.readyReplicas === 3);
    const victim = live('api')[0] as KubeObject;
    cp.client.delete(POD, NS, victim.metadata.name ?? '');
    await waitFor('a replacement', () => {
      const pods = live('api');
      return pods.length === 3 && pods.every((p) => p.metadata.uid !== victim.metadata.uid);
    });
    await waitFor('3 ready again', () => get('api').status?.readyReplicas === 3);
  });

  it('removes not-ready Pods first when scaled down', async () => {
    cp.client.create(replicaSet('api', 3));
    await waitFor('3 ready replicas', () => get('api').status?.readyReplicas === 3);
    const unready = live('api')[1] as KubeObject;
    cp.node.setReady(NS, unready.metadata.name ?? '', false);
    await waitFor('2 ready replicas', () => get('api').status?.readyReplicas === 2);
    cp.client.update({ ...get('api'), spec: { ...get('api').spec, replicas: 2 } });
    await waitFor('2 Pods', () => cp.list(POD, NS, { app: 'api' }).length === 2);
    expect(cp.list(POD, NS, { app: 'api' }).map((p) => p.metadata.uid)).not.toContain(unready.metadata.uid);
    expect(messages('api')).toContain(`Normal SuccessfulDelete: Deleted pod: ${unready.metadata.name}`);
  });

  it('lets go of a Pod relabelled out of its selector and creates a replacement', async () => {
    cp.client.create(replicaSet('api', 2));
    await waitFor('2 ready replicas', () => get('api').status?.readyReplicas === 2);
    const stray = live('api')[0] as KubeObject;
    cp.client.update({ ...stray, metadata: { ...stray.metadata, labels: { app: 'debug' } } });
    await waitFor('2 Pods labelled app=api again', () => live('api').length === 2);
    const released = cp.client.get(POD, NS, stray.metadata.name ?? '') as KubeObject;
    expect(released.metadata.ownerReferences ?? []).toEqual([]);
  });

  it('adopts a matching orphan Pod instead of creating one', async () => {
    cp.client.create(pod('orphan', NS, { app: 'api' }));
    cp.client.create(replicaSet('api', 1));
    await waitFor('the orphan to be adopted', () =>
      cp.client
        .get(POD, NS, 'orphan')
        ?.metadata.ownerReferences?.some((r) => r.name === 'api' && r.controller),
    );
    await waitFor('1 ready replica', () => get('api').status?.readyReplicas === 1);
    expect(cp.list(POD, NS, { app: 'api' })).toHaveLength(1);
  });
});

describe('podsToDelete', () => {
  const at = (
    name: string,
    extra: { ready?: boolean; node?: boolean; created: string; phase?: string },
  ): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, creationTimestamp: extra.created },
    spec: { ...(extra.node === false ? {} : { nodeName: 'n' }) },
    status: {
      phase: extra.phase ?? 'Running',
      conditions: [
        {
          type: 'Ready',
          status: extra.ready === false ? 'False' : 'True',
          lastTransitionTime: extra.created,
        },
      ],
    },
  });

  it('picks unscheduled, then pending, then not-ready, then the newest Pods', () => {
    const pods = [
      at('old-ready', { created: '2024-01-01T00:00:00Z' }),
      at('new-ready', { created: '2024-01-02T00:00:00Z' }),
      at('not-ready', { created: '2024-01-01T00:00:00Z', ready: false }),
      at('pending', { created: '2024-01-01T00:00:00Z', phase: 'Pending', ready: false }),
      at('unscheduled', { created: '2024-01-01T00:00:00Z', node: false, phase: 'Pending', ready: false }),
    ];
    expect(podsToDelete(pods, 5).map((p) => p.metadata.name)).toEqual([
      'unscheduled',
      'pending',
      'not-ready',
      'new-ready',
      'old-ready',
    ]);
  });
});
