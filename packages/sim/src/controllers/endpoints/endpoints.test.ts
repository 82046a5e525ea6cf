import { afterEach, describe, expect, it } from 'vitest';
import { type ControlPlane, pod, service, startControlPlane } from '../../testing/controller-harness.ts';
import { waitFor } from '../../testing/wait-for.ts';
import { ENDPOINT_SLICE, ENDPOINTS, POD, SERVICE } from '../refs.ts';

const NS = 'default';

describe('endpoints and endpointslice controllers', () => {
  let cp: ControlPlane;
  afterEach(async () => {
    await cp?.stop();
  });

  const endpoints = (name: string) => cp.client.get(ENDPOINTS, NS, name);
  const slices = (name: string) => cp.list(ENDPOINT_SLICE, NS, { 'kubernetes.io/service-name': name });
  const ipOf = (name: string) => cp.client.get(POD, NS, name)?.status?.podIP as string;
  const running = (name: string) => Boolean(cp.client.get(POD, NS, name)?.status?.podIP);

  it('leaves endpoints empty when the selector matches no Pod', async () => {
    cp = await startControlPlane();
    cp.client.create(pod('web-1', NS, { app: 'api' }));
    cp.client.create(service('api-service', NS, { app: 'MyApp' }, [{ port: 80, targetPort: 8080 }]));
    await waitFor('an Endpoints object', () => endpoints('api-service'));
    await waitFor('the placeholder slice', () => slices('api-service').length === 1);
    expect(endpoints('api-service')?.subsets).toBeUndefined();
    const [placeholder] = slices('api-service');
    expect(placeholder).toMatchObject({ addressType: 'IPv4', endpoints: [], ports: [] });
    expect(placeholder?.metadata.generateName).toBe('api-service-');
    expect(placeholder?.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'api-service',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(placeholder?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Service',
      name: 'api-service',
      controller: true,
    });
  });

  it('puts ready Pods in addresses and the others in notReadyAddresses', async () => {
    cp = await startControlPlane({ node: { initiallyReady: (p) => p.metadata.name !== 'web-2' } });
    cp.client.create(pod('web-1', NS, { app: 'api' }));
    cp.client.create(pod('web-2', NS, { app: 'api' }));
    cp.client.create(pod('other', NS, { app: 'other' }));
    cp.client.create(
      service('api-service', NS, { app: 'api' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
    );
    const ep = await waitFor('both Pods in Endpoints', () => {
      const subset = endpoints('api-service')?.subsets?.[0];
      return subset?.addresses?.length === 1 && subset?.notReadyAddresses?.length === 1 && subset;
    });
    expect(ep.addresses[0]).toMatchObject({
      ip: ipOf('web-1'),
      nodeName: cp.node.nodeName,
      targetRef: { kind: 'Pod', name: 'web-1', namespace: NS },
    });
    expect(ep.notReadyAddresses[0]).toMatchObject({ ip: ipOf('web-2'), targetRef: { name: 'web-2' } });
    expect(ep.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const slice = await waitFor('a slice with both Pods', () =>
      slices('api-service').find((s) => s.endpoints?.length === 2),
    );
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byName = Object.fromEntries(
      slice.endpoints.map((e: { targetRef: { name: string } }) => [e.targetRef.name, e]),
    );
    expect(byName['web-1']).toMatchObject({
      addresses: [ipOf('web-1')],
      conditions: { ready: true, serving: true, terminating: false },
    });
    expect(byName['web-2'].conditions).toEqual({ ready: false, serving: false, terminating: false });
    // Readiness changes move the address across.
    cp.node.setReady(NS, 'web-2', true);
    await waitFor('both ready', () => endpoints('api-service')?.subsets?.[0]?.addresses?.length === 2);
  });

  it('resolves a named targetPort per Pod, so Pods with different port numbers land in different slices', async () => {
    cp = await startControlPlane();
    cp.client.create(pod('v1', NS, { app: 'api' }, [{ name: 'web', containerPort: 8080 }]));
    cp.client.create(pod('v2', NS, { app: 'api' }, [{ name: 'web', containerPort: 9090 }]));
    cp.client.create(
      pod('udp-only', NS, { app: 'api' }, [{ name: 'web', containerPort: 7070, protocol: 'UDP' }]),
    );
    cp.client.create(service('api-service', NS, { app: 'api' }, [{ port: 80, targetPort: 'web' }]));
    await waitFor('the Pods to run', () => running('v1') && running('v2') && running('udp-only'));
    const withPorts = await waitFor('three slices', () => {
      const found = slices('api-service');
      return found.length === 3 && found;
    });
    const summary = withPorts
      .map((s) => ({
        ports: s.ports.map((p: { port: number }) => p.port),
        pods: s.endpoints.map((e: { targetRef: { name: string } }) => e.targetRef.name),
      }))
      .sort((a, b) => a.pods[0].localeCompare(b.pods[0]));
    // The UDP container port does not match the TCP Service port: that Pod gets a slice with no ports.
    expect(summary).toEqual([
      { ports: [], pods: ['udp-only'] },
      { ports: [8080], pods: ['v1'] },
      { ports: [9090], pods: ['v2'] },
    ]);
    const subsets = (endpoints('api-service')?.subsets ?? []) as Array<{
      addresses: Array<{ ip: string }>;
      ports: Array<{ port: number }>;
    }>;
    expect(subsets.map((s) => [s.ports.map((p) => p.port), s.addresses.map((a) => a.ip)]).sort()).toEqual(
      [
        [[8080], [ipOf('v1')]],
        [[9090], [ipOf('v2')]],
      ].sort(),
    );
  });

  it('moves a terminating Pod out of Endpoints but keeps it in the slice with terminating: true', async () => {
    cp = await startControlPlane();
    cp.client.create(pod('web-1', NS, { app: 'api' }));
    cp.client.create(pod('web-2', NS, { app: 'api' }));
    cp.client.create(service('api-service', NS, { app: 'api' }, [{ port: 80, targetPort: 8080 }]));
    await waitFor('2 ready addresses', () => endpoints('api-service')?.subsets?.[0]?.addresses?.length === 2);
    cp.node.holdDeletions();
    cp.client.delete(POD, NS, 'web-2');
    const ep = await waitFor('web-2 gone from Endpoints', () => {
      const subset = endpoints('api-service')?.subsets?.[0];
      return subset?.addresses?.length === 1 && subset;
    });
    expect(ep.addresses[0].targetRef.name).toBe('web-1');
    expect(ep.notReadyAddresses).toBeUndefined();
    const terminating = await waitFor('web-2 terminating in the slice', () =>
      slices('api-service')
        .flatMap((s) => s.endpoints ?? [])
        .find(
          (e: { targetRef: { name: string }; conditions: { terminating: boolean } }) =>
            e.targetRef.name === 'web-2' && e.conditions.terminating,
        ),
    );
    expect(terminating.conditions).toEqual({ ready: false, serving: true, terminating: true });
    cp.node.releaseDeletions();
    await waitFor(
      'web-2 gone from the slice',
      () => slices('api-service').flatMap((s) => s.endpoints ?? []).length === 1,
    );
  });

  it('publishes not-ready and terminating Pods as ready when publishNotReadyAddresses is set', async () => {
    cp = await startControlPlane({ node: { initiallyReady: () => false } });
    cp.client.create(pod('web-1', NS, { app: 'api' }));
    cp.client.create(
      service('api-service', NS, { app: 'api' }, [{ port: 80, targetPort: 8080 }], {
        publishNotReadyAddresses: true,
      }),
    );
    await waitFor(
      'the unready Pod listed as ready',
      () => endpoints('api-service')?.subsets?.[0]?.addresses?.length === 1,
    );
    const endpoint = await waitFor('the slice', () => slices('api-service')[0]?.endpoints?.[0]);
    expect(endpoint.conditions).toEqual({ ready: true, serving: false, terminating: false });
  });

  it('leaves a Service without selector alone, so users can write its Endpoints', async () => {
    cp = await startControlPlane();
    cp.client.create(service('external-db', NS, undefined, [{ port: 5432 }]));
    const written = cp.client.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external-db', namespace: NS },
      subsets: [{ addresses: [{ ip: '127.0.0.9' }], ports: [{ port: 5432 }] }],
    });
    // A selecting Service created afterwards is a marker: once it has endpoints, the controllers have
    // seen everything created before it.
    cp.client.create(service('marker', NS, { app: 'marker' }, [{ port: 80 }]));
    await waitFor('the marker to be synced', () => endpoints('marker') && slices('marker').length === 1);
    expect(endpoints('external-db')?.metadata.resourceVersion).toBe(written.metadata.resourceVersion);
    expect(endpoints('external-db')?.subsets?.[0]?.addresses).toEqual([{ ip: '127.0.0.9' }]);
    expect(slices('external-db')).toEqual([]);
  });

  it('labels the endpoints of a headless Service', async () => {
    cp = await startControlPlane();
    cp.client.create(pod('web-1', NS, { app: 'api' }));
    cp.client.create(
      service('api-headless', NS, { app: 'api' }, [{ port: 80, targetPort: 8080 }], { clusterIP: 'None' }),
    );
    const ep = await waitFor('endpoints', () => endpoints('api-headless'));
    expect(ep.metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
    const [slice] = await waitFor(
      'slice',
      () => slices('api-headless').length === 1 && slices('api-headless'),
    );
    expect(slice?.metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
  });

  it('splits a Service with more Pods than maxEndpointsPerSlice over several slices', async () => {
    cp = await startControlPlane({ controllers: { maxEndpointsPerSlice: 2 } });
    for (let i = 1; i <= 5; i++) cp.client.create(pod(`web-${i}`, NS, { app: 'api' }));
    cp.client.create(service('api-service', NS, { app: 'api' }, [{ port: 80, targetPort: 8080 }]));
    await waitFor(
      '5 endpoints in slices',
      () => slices('api-service').flatMap((s) => s.endpoints ?? []).length === 5,
    );
    const sizes = slices('api-service')
      .map((s) => s.endpoints.length)
      .sort();
    expect(sizes).toEqual([1, 2, 2]);
  });

  it('cleans up when the Service is deleted and puts back a managed slice someone deleted', async () => {
    cp = await startControlPlane();
    cp.client.create(pod('web-1', NS, { app: 'api' }));
    cp.client.create(service('api-service', NS, { app: 'api' }, [{ port: 80, targetPort: 8080 }]));
    const [first] = await waitFor(
      'a slice with the Pod',
      () => slices('api-service')[0]?.endpoints?.length === 1 && slices('api-service'),
    );
    cp.client.delete(ENDPOINT_SLICE, NS, first?.metadata.name ?? '');
    await waitFor('a new slice', () => {
      const [again] = slices('api-service');
      return again && again.metadata.uid !== first?.metadata.uid && again.endpoints?.length === 1;
    });
    cp.client.delete(SERVICE, NS, 'api-service');
    await waitFor(
      'Endpoints and slices gone',
      () => !endpoints('api-service') && slices('api-service').length === 0,
    );
  });
});
