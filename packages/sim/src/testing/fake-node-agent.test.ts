import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../api/testing.ts';
import { POD } from '../controllers/refs.ts';
import type { KubeObject } from '../core/types.ts';
import { pod } from './controller-harness.ts';
import { FakeNodeAgent } from './fake-node-agent.ts';
import { waitFor } from './wait-for.ts';

function bound(name: string, nodeName = 'sim-control-plane'): KubeObject {
  const p = pod(name, 'default', { app: 'x' });
  p.spec.nodeName = nodeName;
  return p;
}

describe('FakeNodeAgent', () => {
  let api: TestApi;
  let agent: FakeNodeAgent;
  afterEach(async () => {
    await agent.stop();
    api.close();
  });

  const running = (name: string) => {
    const p = api.client.get(POD, 'default', name);
    return p?.status?.phase === 'Running' && p;
  };

  it('reports Pods bound to its node as Running and Ready with unique IPs from the Pod range', async () => {
    api = createTestApi();
    agent = new FakeNodeAgent({ network: api.network });
    await agent.start(api.client);
    api.client.create(bound('a'));
    api.client.create(bound('b'));
    api.client.create(bound('elsewhere', 'other-node'));
    const a = await waitFor('a running', () => running('a'));
    const b = await waitFor('b running', () => running('b'));
    expect(a.status.podIP).not.toBe(b.status.podIP);
    const prefix = api.network.podCIDR.split('.').slice(0, 2).join('.');
    expect(a.status.podIP.startsWith(`${prefix}.`)).toBe(true);
    expect(a.status).toMatchObject({
      hostIP: api.network.nodeIP,
      podIPs: [{ ip: a.status.podIP }],
      containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0 }],
    });
    expect(a.status.containerStatuses[0].state.running.startedAt).toBeTypeOf('string');
    const conditions = Object.fromEntries(
      a.status.conditions.map((c: { type: string; status: string }) => [c.type, c.status]),
    );
    expect(conditions).toMatchObject({
      PodScheduled: 'True',
      Initialized: 'True',
      ContainersReady: 'True',
      Ready: 'True',
    });
    const elsewhere = api.client.get(POD, 'default', 'elsewhere');
    expect(elsewhere?.status?.phase ?? 'Pending').toBe('Pending');
    expect(elsewhere?.status?.podIP).toBeUndefined();
  });

  it('flips readiness on request and finishes deletions unless they are held', async () => {
    api = createTestApi();
    agent = new FakeNodeAgent({ network: api.network });
    await agent.start(api.client);
    api.client.create(bound('a'));
    await waitFor('a running', () => running('a'));
    agent.setReady('default', 'a', false);
    const ready = (api.client.get(POD, 'default', 'a') as KubeObject).status.conditions.find(
      (c: { type: string }) => c.type === 'Ready',
    );
    expect(ready.status).toBe('False');
    agent.holdDeletions();
    api.client.delete(POD, 'default', 'a');
    await waitFor('a terminating', () => api.client.get(POD, 'default', 'a')?.metadata.deletionTimestamp);
    agent.releaseDeletions();
    await waitFor('a gone', () => !api.client.get(POD, 'default', 'a'));
  });

  it('returns an empty log stream', async () => {
    api = createTestApi();
    agent = new FakeNodeAgent({ network: api.network });
    const chunks: unknown[] = [];
    for await (const chunk of agent.logs('default', 'a', {}) as AsyncIterable<unknown>) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});
