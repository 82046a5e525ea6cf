import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControlPlane, deployment, service, startControlPlane } from '../testing/controller-harness.ts';
import { waitFor } from '../testing/wait-for.ts';
import { DEPLOYMENT, NAMESPACE, POD } from './refs.ts';

describe('namespace controller', () => {
  let cp: ControlPlane;
  beforeEach(async () => {
    cp = await startControlPlane();
  });
  afterEach(async () => {
    await cp.stop();
  });

  it('deletes everything in a Terminating namespace, then the namespace itself', async () => {
    cp.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab-01' } });
    cp.client.create(deployment('web', 'lab-01', 2));
    cp.client.create(service('web', 'lab-01', { app: 'web' }, [{ port: 80, targetPort: 8080 }]));
    await waitFor(
      '2 available',
      () => cp.client.get(DEPLOYMENT, 'lab-01', 'web')?.status?.availableReplicas === 2,
    );
    cp.node.holdDeletions();
    cp.client.delete(NAMESPACE, undefined, 'lab-01');
    const terminating = await waitFor('the remaining Pods reported', () => {
      const ns = cp.client.get(NAMESPACE, undefined, 'lab-01');
      const remaining = ns?.status?.conditions?.find(
        (c: { type: string }) => c.type === 'NamespaceContentRemaining',
      );
      return remaining && ns;
    });
    expect(terminating.status.phase).toBe('Terminating');
    const remaining = terminating.status.conditions.find(
      (c: { type: string }) => c.type === 'NamespaceContentRemaining',
    );
    expect(remaining).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain' });
    expect(remaining.message).toContain('pods has 2 resource instances');
    cp.node.releaseDeletions();
    await waitFor('the namespace gone', () => !cp.client.get(NAMESPACE, undefined, 'lab-01'), {
      timeoutMs: 5000,
    });
    expect(cp.client.list(POD, 'lab-01').items).toEqual([]);
  });
});
