import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi } from '../api/testing.ts';
import type { KubeObject } from '../core/types.ts';
import { ProcessNodeAgent } from './agent.ts';
import { eventually, fetchFromNode, testImageCatalog } from './testing.ts';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const NODE = 'sim-control-plane';
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let nodeIP = '';
const nodeFetch = (url: string) => fetchFromNode(url, nodeIP);

async function setup() {
  const api = createTestApi({ nodeName: NODE });
  nodeIP = api.network.nodeIP;
  const stateDir = await mkdtemp(path.join(tmpdir(), 'sim-node-'));
  const agent = new ProcessNodeAgent({
    stateDir,
    network: api.network,
    kubeconfigPath: path.join(stateDir, 'kubeconfig'),
    nodeName: NODE,
    backoffScale: 0.01,
    catalog: testImageCatalog(),
    shutdownGraceSeconds: 2,
    log: () => {},
  });
  await agent.start(api.client);
  cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
  cleanups.push(() => api.close());
  cleanups.push(() => agent.stop());
  return { api, agent, client: api.client };
}

function pod(
  name: string,
  container: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'sim-test/app:1', ...container }], ...spec },
  };
}

describe('ProcessNodeAgent', () => {
  it('runs a Pod as a process on its own IP and reports it Running and Ready', async () => {
    const { client } = await setup();
    client.create(pod('web', { env: [{ name: 'GREETING', value: 'hi' }], args: ['--flag'] }));
    const running = await eventually('web Ready', () => {
      const p = client.get(POD, 'default', 'web');
      return p?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status === 'True' && p;
    });
    expect(running.status.phase).toBe('Running');
    const ip = running.status.podIP as string;
    expect(ip.startsWith(client.list(POD).items.length ? ip.split('.').slice(0, 2).join('.') : '')).toBe(
      true,
    );
    const body = await eventually('an answer from the Pod IP', () =>
      nodeFetch(`http://${ip}:8080/`).then(
        (r) => r.json(),
        () => undefined,
      ),
    );
    expect(body).toEqual({ pod: 'web', address: ip, argv: ['--flag'], greeting: 'hi' });
    expect(running.status.containerStatuses[0]).toMatchObject({
      name: 'app',
      ready: true,
      restartCount: 0,
      started: true,
    });
  });

  it('restarts a crashed container, counting restarts and keeping the last state', async () => {
    const { client, agent } = await setup();
    client.create(pod('crashy', {}));
    const ip = await eventually('an IP', () => client.get(POD, 'default', 'crashy')?.status?.podIP as string);
    await eventually('the server', () =>
      nodeFetch(`http://${ip}:8080/`).then(
        () => true,
        () => false,
      ),
    );
    await nodeFetch(`http://${ip}:8080/crash`);
    const restarted = await eventually('restartCount 1', () => {
      const p = client.get(POD, 'default', 'crashy');
      return (
        p?.status?.containerStatuses?.[0]?.restartCount === 1 &&
        'running' in p.status.containerStatuses[0].state &&
        p
      );
    });
    expect(restarted.status.containerStatuses[0].lastState.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
    });
    const logs = await text(agent.logs('default', 'crashy', { previous: true }));
    expect(logs).toContain(`listening on ${ip}:8080`);
  });

  it('reports CrashLoopBackOff for a container that keeps failing', async () => {
    const { client } = await setup();
    client.create(pod('loop', { env: [{ name: 'EXIT_AFTER_MS', value: '10' }] }));
    const waiting = await eventually('CrashLoopBackOff', () => {
      const s = client.get(POD, 'default', 'loop')?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' && s;
    });
    expect(waiting.state.waiting.message).toMatch(
      /^back-off \d+s restarting failed container=app pod=loop_default\(/,
    );
    expect(waiting.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('finishes a Pod with restartPolicy Never as Succeeded or Failed', async () => {
    const { client } = await setup();
    client.create(
      pod(
        'job',
        {
          env: [
            { name: 'EXIT_AFTER_MS', value: '10' },
            { name: 'EXIT_CODE', value: '0' },
          ],
        },
        { restartPolicy: 'Never' },
      ),
    );
    client.create(
      pod(
        'bad',
        {
          env: [
            { name: 'EXIT_AFTER_MS', value: '10' },
            { name: 'EXIT_CODE', value: '2' },
          ],
        },
        { restartPolicy: 'Never' },
      ),
    );
    await eventually('job Succeeded', () => client.get(POD, 'default', 'job')?.status?.phase === 'Succeeded');
    const failed = await eventually('bad Failed', () => {
      const p = client.get(POD, 'default', 'bad');
      return p?.status?.phase === 'Failed' && p;
    });
    expect(failed.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 2,
      reason: 'Error',
    });
  });

  it('keeps an image it does not have in ErrImagePull/ImagePullBackOff with the message and events', async () => {
    const { client } = await setup();
    const created = client.create(pod('nginx', { image: 'nginx:1.27' }));
    const status = await eventually('ImagePullBackOff', () => {
      const s = client.get(POD, 'default', 'nginx')?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === 'ImagePullBackOff' && s;
    });
    expect(status.state.waiting.message).toContain(
      'image "nginx:1.27" is not available in the sim: it has no registry access; images it can run: workshop/backend:*, traefik:*, sim-test/app:*',
    );
    expect(client.get(POD, 'default', 'nginx')?.status?.phase).toBe('Pending');
    const events = client
      .list({ apiVersion: 'v1', kind: 'Event' }, 'default')
      .items.filter((e) => e.involvedObject?.uid === created.metadata.uid)
      .map((e) => `${e.reason}: ${e.message}`);
    expect(events).toContain(
      'Failed: Failed to pull image "nginx:1.27": image "nginx:1.27" is not available in the sim: it has no registry access; images it can run: workshop/backend:*, traefik:*, sim-test/app:*',
    );
    expect(events.some((e) => e.startsWith('BackOff: Back-off pulling image "nginx:1.27"'))).toBe(true);
  });

  it('drives Ready from the readiness probe', async () => {
    const { client } = await setup();
    client.create(
      pod('probed', {
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 1, failureThreshold: 1 },
      }),
    );
    const ready = () => client.get(POD, 'default', 'probed')?.status?.containerStatuses?.[0]?.ready;
    await eventually('ready', () => ready() === true);
    const ip = client.get(POD, 'default', 'probed')?.status?.podIP;
    await nodeFetch(`http://${ip}:8080/toggle`);
    await eventually('not ready', () => ready() === false);
    const condition = client
      .get(POD, 'default', 'probed')
      ?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
    expect(condition).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    });
  });

  it('restarts a container whose liveness probe fails', async () => {
    const { client } = await setup();
    client.create(
      pod('sick', {
        env: [{ name: 'START_READY', value: 'false' }],
        livenessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1, failureThreshold: 2 },
      }),
    );
    await eventually(
      'a liveness restart',
      () => client.get(POD, 'default', 'sick')?.status?.containerStatuses?.[0]?.restartCount >= 1,
      15_000,
    );
    const reasons = client
      .list({ apiVersion: 'v1', kind: 'Event' }, 'default')
      .items.map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toContain('Killing: Container app failed liveness probe, will be restarted');
    expect(
      reasons.some((r) =>
        r.startsWith('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 503'),
      ),
    ).toBe(true);
  });

  it('deletes gracefully: SIGTERM, wait for the process, then remove the object', async () => {
    const { client, agent } = await setup();
    client.create(pod('bye', {}));
    const ip = await eventually('an IP', () => client.get(POD, 'default', 'bye')?.status?.podIP as string);
    await eventually('the server', () =>
      nodeFetch(`http://${ip}:8080/`).then(
        () => true,
        () => false,
      ),
    );
    client.delete(POD, 'default', 'bye', { gracePeriodSeconds: 5 });
    await eventually('the Pod object gone', () => client.get(POD, 'default', 'bye') === undefined);
    expect(agent.pods.size).toBe(0);
    await expect(nodeFetch(`http://${ip}:8080/`)).rejects.toThrow();
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const { client } = await setup();
    client.create(
      pod(
        'stubborn',
        { env: [{ name: 'IGNORE_SIGTERM', value: 'true' }] },
        { terminationGracePeriodSeconds: 1 },
      ),
    );
    const ip = await eventually(
      'an IP',
      () => client.get(POD, 'default', 'stubborn')?.status?.podIP as string,
    );
    await eventually('the server', () =>
      nodeFetch(`http://${ip}:8080/`).then(
        () => true,
        () => false,
      ),
    );
    const started = Date.now();
    client.delete(POD, 'default', 'stubborn');
    await eventually('the Pod object gone', () => client.get(POD, 'default', 'stubborn') === undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
