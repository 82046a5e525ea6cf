import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { type ControlPlane, deployment, startControlPlane } from '../../testing/controller-harness.ts';
import { waitFor } from '../../testing/wait-for.ts';
import { isPodReady } from '../pod-utils.ts';
import { DEPLOYMENT, POD, REPLICA_SET } from '../refs.ts';

const NS = 'default';

function withImage(d: KubeObject, image: string): KubeObject {
  const template = structuredClone(d.spec.template);
  template.spec.containers[0].image = image;
  return { ...d, spec: { ...d.spec, template } };
}

describe('deployment rollouts', () => {
  let cp: ControlPlane;
  afterEach(async () => {
    await cp?.stop();
  });

  const get = (name: string) => cp.client.get(DEPLOYMENT, NS, name) as KubeObject;
  const livePods = (app: string) => cp.list(POD, NS, { app }).filter((p) => !p.metadata.deletionTimestamp);
  const rolledOut = (name: string, image: string) => () => {
    const d = get(name);
    const pods = livePods(name);
    return (
      d.status?.observedGeneration === d.metadata.generation &&
      d.status?.updatedReplicas === d.spec.replicas &&
      d.status?.availableReplicas === d.spec.replicas &&
      d.status?.replicas === d.spec.replicas &&
      pods.length === d.spec.replicas &&
      pods.every((p) => p.spec.containers[0].image === image)
    );
  };

  it('rolls out a template change without dropping below 3 - 25% ready Pods', async () => {
    cp = await startControlPlane();
    cp.client.create(deployment('web', NS, 3));
    await waitFor('first rollout', rolledOut('web', 'workshop/backend:1.0'));
    let minReady = Number.POSITIVE_INFINITY;
    let maxPods = 0;
    const stopWatching = cp.client.watch(POD, NS, () => {
      const pods = livePods('web');
      minReady = Math.min(minReady, pods.filter(isPodReady).length);
      maxPods = Math.max(maxPods, pods.length);
    });
    cp.client.update(withImage(get('web'), 'workshop/backend:2.0'));
    await waitFor('second rollout', rolledOut('web', 'workshop/backend:2.0'));
    stopWatching();
    // maxUnavailable 25% of 3 rounds down to 0 and maxSurge 25% rounds up to 1.
    expect(minReady).toBe(3);
    expect(maxPods).toBe(4);
    const sets = cp.list(REPLICA_SET, NS, { app: 'web' });
    expect(sets).toHaveLength(2);
    const byRevision = Object.fromEntries(
      sets.map((s) => [s.metadata.annotations?.['deployment.kubernetes.io/revision'], s.spec.replicas]),
    );
    expect(byRevision).toEqual({ '1': 0, '2': 3 });
    expect(get('web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const progressing = (get('web').status.conditions as Array<{ type: string; reason: string }>).find(
      (c) => c.type === 'Progressing',
    );
    expect(progressing?.reason).toBe('NewReplicaSetAvailable');
  });

  it('stalls a rollout whose new Pods never become ready, keeping every old Pod', async () => {
    cp = await startControlPlane({
      node: { initiallyReady: (pod) => pod.spec.containers[0].image !== 'workshop/backend:broken' },
    });
    cp.client.create(deployment('web', NS, 3));
    await waitFor('first rollout', rolledOut('web', 'workshop/backend:1.0'));
    cp.client.update(withImage(get('web'), 'workshop/backend:broken'));
    const stuck = await waitFor('the new ReplicaSet to hold one unready Pod', () => {
      const d = get('web');
      return d.status?.updatedReplicas === 1 && d.status?.replicas === 4 && d;
    });
    expect(stuck.status).toMatchObject({ readyReplicas: 3, availableReplicas: 3 });
    const pods = livePods('web');
    expect(pods.filter((p) => p.spec.containers[0].image === 'workshop/backend:1.0')).toHaveLength(3);
    const available = (stuck.status.conditions as Array<{ type: string; status: string }>).find(
      (c) => c.type === 'Available',
    );
    expect(available?.status).toBe('True');
    // Once the new Pod turns ready the rollout continues on its own.
    const broken = pods.find((p) => p.spec.containers[0].image === 'workshop/backend:broken') as KubeObject;
    cp.node.setReady(NS, broken.metadata.name ?? '', true);
    await waitFor(
      'the second new Pod',
      () =>
        livePods('web').filter((p) => p.spec.containers[0].image === 'workshop/backend:broken').length === 2,
    );
    expect(livePods('web').filter((p) => p.spec.containers[0].image === 'workshop/backend:1.0')).toHaveLength(
      2,
    );
  });

  it('scales every old Pod away before creating new ones with the Recreate strategy', async () => {
    cp = await startControlPlane();
    cp.client.create(deployment('web', NS, 3, { strategy: { type: 'Recreate' } }));
    await waitFor('first rollout', rolledOut('web', 'workshop/backend:1.0'));
    let oldPodsWhenNewAppeared = -1;
    const stopWatching = cp.client.watch(POD, NS, (event) => {
      if (event.type === 'ADDED' && event.object.spec.containers[0].image === 'workshop/backend:2.0') {
        if (oldPodsWhenNewAppeared < 0) {
          oldPodsWhenNewAppeared = cp
            .list(POD, NS, { app: 'web' })
            .filter((p) => p.spec.containers[0].image === 'workshop/backend:1.0').length;
        }
      }
    });
    cp.client.update(withImage(get('web'), 'workshop/backend:2.0'));
    await waitFor('second rollout', rolledOut('web', 'workshop/backend:2.0'));
    stopWatching();
    expect(oldPodsWhenNewAppeared).toBe(0);
  });

  it('reuses the old ReplicaSet when a template change is undone, as the newest revision', async () => {
    cp = await startControlPlane();
    cp.client.create(deployment('web', NS, 2));
    await waitFor('first rollout', rolledOut('web', 'workshop/backend:1.0'));
    const first = cp.list(REPLICA_SET, NS, { app: 'web' })[0] as KubeObject;
    cp.client.update(withImage(get('web'), 'workshop/backend:2.0'));
    await waitFor('second rollout', rolledOut('web', 'workshop/backend:2.0'));
    cp.client.update(withImage(get('web'), 'workshop/backend:1.0'));
    await waitFor('rollback', rolledOut('web', 'workshop/backend:1.0'));
    const sets = cp.list(REPLICA_SET, NS, { app: 'web' });
    expect(sets).toHaveLength(2);
    const again = cp.client.get(REPLICA_SET, NS, first.metadata.name ?? '') as KubeObject;
    expect(again.metadata.uid).toBe(first.metadata.uid);
    expect(again.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(again.spec.replicas).toBe(2);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    cp = await startControlPlane();
    cp.client.create(deployment('web', NS, 1, { revisionHistoryLimit: 1 }));
    for (const version of ['1.0', '2.0', '3.0', '4.0']) {
      if (version !== '1.0') cp.client.update(withImage(get('web'), `workshop/backend:${version}`));
      await waitFor(`rollout of ${version}`, rolledOut('web', `workshop/backend:${version}`));
    }
    await waitFor('old ReplicaSets cleaned up', () => cp.list(REPLICA_SET, NS, { app: 'web' }).length === 2);
    const revisions = cp
      .list(REPLICA_SET, NS, { app: 'web' })
      .map((s) => s.metadata.annotations?.['deployment.kubernetes.io/revision'])
      .sort();
    expect(revisions).toEqual(['3', '4']);
  });

  it('reports ProgressDeadlineExceeded when new Pods stay unready past progressDeadlineSeconds', async () => {
    cp = await startControlPlane({ node: { initiallyReady: () => false } });
    cp.client.create(deployment('web', NS, 1, { progressDeadlineSeconds: 1 }));
    const d = await waitFor(
      'the Progressing condition to turn False',
      () => {
        const current = get('web');
        const progressing = (current.status?.conditions ?? []).find(
          (c: { type: string }) => c.type === 'Progressing',
        );
        return progressing?.status === 'False' && current;
      },
      { timeoutMs: 5000 },
    );
    const [set] = cp.list(REPLICA_SET, NS, { app: 'web' });
    const conditions = Object.fromEntries(d.status.conditions.map((c: { type: string }) => [c.type, c]));
    expect(conditions.Progressing).toMatchObject({
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${set?.metadata.name}" has timed out progressing.`,
    });
    expect(conditions.Available).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });
  });
});
