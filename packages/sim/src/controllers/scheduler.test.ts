import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../api/testing.ts';
import { pod } from '../testing/controller-harness.ts';
import { waitFor } from '../testing/wait-for.ts';
import { POD } from './refs.ts';
import { startScheduler } from './scheduler.ts';

describe('scheduler', () => {
  let api: TestApi;
  let scheduler: { stop(): Promise<void> };
  afterEach(async () => {
    await scheduler.stop();
    api.close();
  });

  it('binds an unbound Pod to the node and records Scheduled', async () => {
    api = createTestApi();
    scheduler = startScheduler(api.client, { nodeName: 'sim-control-plane' });
    api.client.create(pod('web', 'default', { app: 'web' }));
    const bound = await waitFor('the Pod to be scheduled', () => {
      const current = api.client.get(POD, 'default', 'web');
      return (
        current?.status?.conditions?.some(
          (c: { type: string; status: string }) => c.type === 'PodScheduled' && c.status === 'True',
        ) && current
      );
    });
    expect(bound.spec.nodeName).toBe('sim-control-plane');
    const events = api.client
      .list({ apiVersion: 'v1', kind: 'Event' }, 'default')
      .items.filter((e) => e.involvedObject?.name === 'web');
    expect(events.map((e) => [e.type, e.reason, e.message])).toContainEqual([
      'Normal',
      'Scheduled',
      'Successfully assigned default/web to sim-control-plane',
    ]);
  });

  it('leaves a Pod that asks for another scheduler Pending', async () => {
    api = createTestApi();
    scheduler = startScheduler(api.client, { nodeName: 'sim-control-plane' });
    const custom = pod('custom', 'default', { app: 'x' });
    custom.spec.schedulerName = 'my-scheduler';
    api.client.create(custom);
    api.client.create(pod('marker', 'default', { app: 'y' }));
    await waitFor(
      'the marker Pod to be scheduled',
      () => api.client.get(POD, 'default', 'marker')?.spec?.nodeName,
    );
    expect(api.client.get(POD, 'default', 'custom')?.spec?.nodeName).toBeUndefined();
  });
});
