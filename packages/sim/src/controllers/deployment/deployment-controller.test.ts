import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControlPlane, deployment, startControlPlane } from '../../testing/controller-harness.ts';
import { waitFor } from '../../testing/wait-for.ts';
import { DEPLOYMENT, POD, REPLICA_SET } from '../refs.ts';

const NS = 'default';

describe('deployment controller', () => {
  let cp: ControlPlane;
  beforeEach(async () => {
    cp = await startControlPlane();
  });
  afterEach(async () => {
    await cp.stop();
  });

  const get = (name: string) => cp.client.get(DEPLOYMENT, NS, name);
  const eventsFor = (name: string) =>
    cp.client
      .list({ apiVersion: 'v1', kind: 'Event' }, NS)
      .items.filter((event) => event.involvedObject?.name === name)
      .map((event) => `${event.reason}: ${event.message}`);

  it('creates 3 Pods for a 3-replica Deployment and reports them available', async () => {
    cp.client.create(deployment('web', NS, 3));
    const done = await waitFor('web to report 3 available replicas', () => {
      const d = get('web');
      return d?.status?.availableReplicas === 3 && d.status.observedGeneration === d.metadata.generation && d;
    });
    expect(done.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(done.status.unavailableReplicas ?? 0).toBe(0);
    const sets = cp.list(REPLICA_SET, NS, { app: 'web' });
    expect(sets).toHaveLength(1);
    const set = sets[0];
    const hash = set?.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(set?.metadata.name).toBe(`web-${hash}`);
    expect(set?.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(set?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(done.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(set?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
    });
    const pods = cp.list(POD, NS, { app: 'web' });
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    const conditions = Object.fromEntries(
      (done.status.conditions as Array<{ type: string; reason: string; status: string }>).map((c) => [
        c.type,
        c,
      ]),
    );
    expect(conditions.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(conditions.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(eventsFor('web')).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`);
  });

  it('scales the ReplicaSet up and down with the Deployment', async () => {
    cp.client.create(deployment('web', NS, 2));
    await waitFor('2 available', () => get('web')?.status?.availableReplicas === 2);
    const d = get('web');
    cp.client.update({ ...d, spec: { ...d?.spec, replicas: 4 } } as never);
    await waitFor(
      '4 Pods',
      () => cp.list(POD, NS, { app: 'web' }).filter((p) => !p.metadata.deletionTimestamp).length === 4,
    );
    await waitFor('4 available', () => get('web')?.status?.availableReplicas === 4);
    const set = cp.list(REPLICA_SET, NS, { app: 'web' })[0];
    expect(eventsFor('web')).toContain(
      `ScalingReplicaSet: Scaled up replica set ${set?.metadata.name} from 2 to 4`,
    );
    const d2 = get('web');
    cp.client.update({ ...d2, spec: { ...d2?.spec, replicas: 1 } } as never);
    await waitFor('1 Pod left', () => cp.list(POD, NS, { app: 'web' }).length === 1);
    await waitFor('status replicas 1', () => get('web')?.status?.replicas === 1);
    expect(eventsFor('web')).toContain(
      `ScalingReplicaSet: Scaled down replica set ${set?.metadata.name} from 4 to 1`,
    );
  });

  it('holds a template change while paused but still scales, and rolls out on resume', async () => {
    cp.client.create(deployment('web', NS, 2));
    await waitFor('2 available', () => get('web')?.status?.availableReplicas === 2);
    const d = get('web') as NonNullable<ReturnType<typeof get>>;
    const template = structuredClone(d.spec.template);
    template.spec.containers[0].image = 'workshop/backend:2.0';
    cp.client.update({ ...d, spec: { ...d.spec, paused: true, replicas: 3, template } });
    await waitFor('3 available while paused', () => get('web')?.status?.availableReplicas === 3);
    expect(cp.list(REPLICA_SET, NS, { app: 'web' })).toHaveLength(1);
    expect(
      cp.list(POD, NS, { app: 'web' }).every((p) => p.spec.containers[0].image === 'workshop/backend:1.0'),
    ).toBe(true);
    const paused = get('web') as NonNullable<ReturnType<typeof get>>;
    cp.client.update({ ...paused, spec: { ...paused.spec, paused: false } });
    await waitFor('the new template rolled out', () => {
      const pods = cp.list(POD, NS, { app: 'web' });
      return pods.length === 3 && pods.every((p) => p.spec.containers[0].image === 'workshop/backend:2.0');
    });
  });
});
