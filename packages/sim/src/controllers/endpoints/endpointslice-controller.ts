// The EndpointSlice controller: a Service's Pods as discovery.k8s.io/v1 EndpointSlices, grouped by
// resolved port set, at most 100 endpoints per slice. Unlike Endpoints, terminating Pods stay
// listed (ready false, serving as their readiness says, terminating true).
import type { ApiClient } from '../../core/client.ts';
import type { KubeObject } from '../../core/types.ts';
import { inform, keyOf, splitKey } from '../informer.ts';
import { controllerReferenceTo, isPodReady, podIP } from '../pod-utils.ts';
import { ENDPOINT_SLICE, POD, SERVICE } from '../refs.ts';
import { serviceSelector } from '../selector.ts';
import { WorkQueue } from '../work-queue.ts';
import {
  endpointHostname,
  endpointLabels,
  podReference,
  portSetKey,
  resolvePorts,
  selectedPods,
} from './service-pods.ts';
import { type DesiredGroup, planSlices, type SliceEndpoint, sliceChanged } from './slice-plan.ts';

const SOURCE = 'endpointslice-controller';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice (default 100). */
  maxEndpointsPerSlice?: number;
}

export function startEndpointSliceController(
  client: ApiClient,
  options: EndpointSliceControllerOptions = {},
): { stop(): Promise<void> } {
  const max = options.maxEndpointsPerSlice ?? 100;
  const queue = new WorkQueue(SOURCE, (key) => syncEndpointSlices(client, key, max));
  const unwatchServices = inform(client, SERVICE, (event) => queue.add(keyOf(event.object)));
  const unwatchPods = inform(client, POD, (event) => {
    for (const service of client.list(SERVICE, event.object.metadata.namespace).items) {
      if (serviceSelector(service)) queue.add(keyOf(service));
    }
  });
  // A managed slice edited or deleted by someone else is put back.
  const unwatchSlices = inform(client, ENDPOINT_SLICE, (event) => {
    const labels = event.object.metadata.labels ?? {};
    const service = labels[SERVICE_NAME_LABEL];
    if (service && labels[MANAGED_BY_LABEL] === MANAGED_BY)
      queue.add(`${event.object.metadata.namespace}/${service}`);
  });
  return {
    async stop() {
      unwatchServices();
      unwatchPods();
      unwatchSlices();
      await queue.stop();
    },
  };
}

function managedSlices(client: ApiClient, namespace: string | undefined, name: string): KubeObject[] {
  return client
    .list(ENDPOINT_SLICE, namespace)
    .items.filter(
      (slice) =>
        slice.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        slice.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
    );
}

function deleteSlice(client: ApiClient, slice: KubeObject): void {
  client.delete(ENDPOINT_SLICE, slice.metadata.namespace, slice.metadata.name ?? '', {
    preconditionUid: slice.metadata.uid,
  });
}

export function syncEndpointSlices(client: ApiClient, key: string, maxPerSlice = 100): void {
  const { namespace, name } = splitKey(key);
  const service = client.get(SERVICE, namespace, name);
  // A deleted Service's slices belong to the garbage collector (they carry its ownerReference).
  if (!service || service.metadata.deletionTimestamp) return;
  const existing = managedSlices(client, namespace, name);
  if (service.spec?.type === 'ExternalName') {
    for (const slice of existing) deleteSlice(client, slice);
    return;
  }
  if (!serviceSelector(service)) return; // slices of selector-less Services are written by users

  const owned = existing.filter(
    (slice) =>
      slice.metadata.ownerReferences?.some((ref) => ref.uid === service.metadata.uid) &&
      slice.addressType === 'IPv4',
  );
  for (const slice of existing) if (!owned.includes(slice)) deleteSlice(client, slice);

  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const desired = new Map<string, DesiredGroup>();
  for (const pod of selectedPods(client, service, true)) {
    const ports = resolvePorts(service, pod);
    const key = portSetKey(ports);
    const group = desired.get(key) ?? { ports, endpoints: [] };
    desired.set(key, group);
    group.endpoints.push(toEndpoint(service, pod, publishNotReady));
  }

  const labels = {
    ...endpointLabels(service),
    [SERVICE_NAME_LABEL]: name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
  const plan = planSlices(owned, desired, maxPerSlice);
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (const slice of plan.remove) deleteSlice(client, slice);
  for (const { slice, endpoints, ports } of plan.update) {
    if (!sliceChanged(slice, endpoints, ports, labels)) continue;
    client.update(
      {
        ...slice,
        metadata: {
          ...slice.metadata,
          labels,
          annotations: { ...slice.metadata.annotations, [TRIGGER_TIME]: stamp },
        },
        endpoints,
        ports,
      },
      { fieldManager: SOURCE },
    );
  }
  for (const { endpoints, ports } of plan.create) {
    client.create(
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${name}-`,
          namespace,
          labels,
          annotations: { [TRIGGER_TIME]: stamp },
          ownerReferences: [controllerReferenceTo(service)],
        },
        addressType: 'IPv4',
        endpoints,
        ports,
      },
      { fieldManager: SOURCE },
    );
  }
}

/** podToEndpoint: ready never true for a terminating Pod unless not-ready addresses are published. */
function toEndpoint(service: KubeObject, pod: KubeObject, publishNotReady: boolean): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  const hostname = endpointHostname(service, pod);
  return {
    addresses: [podIP(pod) ?? ''],
    conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
    ...(hostname ? { hostname } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: podReference(pod),
  };
}
