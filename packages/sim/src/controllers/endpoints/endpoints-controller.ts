// The Endpoints controller (the legacy v1 Endpoints object, named like its Service): ready Pods in
// `addresses`, the others in `notReadyAddresses`, grouped into subsets by resolved port set.
// Terminating Pods leave at once unless the Service publishes not-ready addresses.
import type { ApiClient } from '../../core/client.ts';
import { type KubeObject, StatusError } from '../../core/types.ts';
import { canonicalJson } from '../deployment/template-hash.ts';
import { inform, keyOf, splitKey } from '../informer.ts';
import { isPodReady, podIP } from '../pod-utils.ts';
import { ENDPOINTS, POD, SERVICE } from '../refs.ts';
import { serviceSelector } from '../selector.ts';
import { WorkQueue } from '../work-queue.ts';
import {
  compareIP,
  endpointHostname,
  endpointLabels,
  isHeadless,
  podReference,
  portSetKey,
  type ResolvedPort,
  resolvePorts,
  selectedPods,
} from './service-pods.ts';

const SOURCE = 'endpoint-controller';
const MAX_ADDRESSES = 1000;
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

interface Address {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: ReturnType<typeof podReference>;
}

interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports?: ResolvedPort[];
}

export function startEndpointsController(client: ApiClient): { stop(): Promise<void> } {
  const queue = new WorkQueue(SOURCE, (key) => syncEndpoints(client, key));
  const unwatchServices = inform(client, SERVICE, (event) => queue.add(keyOf(event.object)));
  const unwatchPods = inform(client, POD, (event) => {
    // Labels may have changed, so any selecting Service of the namespace may be affected.
    for (const service of client.list(SERVICE, event.object.metadata.namespace).items) {
      if (serviceSelector(service)) queue.add(keyOf(service));
    }
  });
  const unwatchEndpoints = inform(client, ENDPOINTS, (event) => queue.add(keyOf(event.object)));
  return {
    async stop() {
      unwatchServices();
      unwatchPods();
      unwatchEndpoints();
      await queue.stop();
    },
  };
}

export function syncEndpoints(client: ApiClient, key: string): void {
  const { namespace, name } = splitKey(key);
  const service = client.get(SERVICE, namespace, name);
  if (!service) {
    // The Service is gone: so is its Endpoints object (this is what the real controller does too).
    const stale = client.get(ENDPOINTS, namespace, name);
    if (stale) client.delete(ENDPOINTS, namespace, name, { preconditionUid: stale.metadata.uid });
    return;
  }
  if (!serviceSelector(service)) return; // users manage the Endpoints of selector-less Services
  if (service.metadata.deletionTimestamp) return;
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  // RepackSubsets: addresses whose Pods resolve the same set of ports share one subset.
  const subsets = new Map<string, Subset>();
  let total = 0;
  for (const pod of selectedPods(client, service, publishNotReady)) {
    const servicePorts = service.spec?.ports ?? [];
    const ports = resolvePorts(service, pod);
    // A Pod that resolves none of the ports is in no subset; a headless Service without ports
    // still lists its Pods, in a subset with no ports.
    if (ports.length === 0 && !(servicePorts.length === 0 && isHeadless(service))) continue;
    const hostname = endpointHostname(service, pod);
    const address: Address = {
      ip: podIP(pod) ?? '',
      ...(hostname ? { hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: podReference(pod),
    };
    const key = portSetKey(ports);
    const subset = subsets.get(key) ?? { ports: sortPorts(ports) };
    subsets.set(key, subset);
    const field = publishNotReady || isPodReady(pod) ? 'addresses' : 'notReadyAddresses';
    subset[field] = [...(subset[field] ?? []), address];
    total++;
  }
  const packed = [...subsets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, subset]) => ({
      ...(subset.addresses ? { addresses: sortAddresses(subset.addresses) } : {}),
      ...(subset.notReadyAddresses ? { notReadyAddresses: sortAddresses(subset.notReadyAddresses) } : {}),
      ...(subset.ports && subset.ports.length > 0 ? { ports: subset.ports } : {}),
    }));
  const truncated = total > MAX_ADDRESSES;
  write(client, service, truncated ? truncate(packed) : packed, truncated);
}

function sortPorts(ports: ResolvedPort[]): ResolvedPort[] {
  return [...ports].sort((a, b) => a.name.localeCompare(b.name) || a.port - b.port);
}

function sortAddresses(addresses: Address[]): Address[] {
  return [...addresses].sort(
    (a, b) => compareIP(a.ip, b.ip) || (a.targetRef.uid ?? '').localeCompare(b.targetRef.uid ?? ''),
  );
}

/** Keeps at most 1000 addresses, ready ones first, as the controller does past its capacity. */
function truncate(subsets: Subset[]): Subset[] {
  let budget = MAX_ADDRESSES;
  return subsets.map((subset) => {
    const addresses = (subset.addresses ?? []).slice(0, budget);
    budget -= addresses.length;
    const notReady = (subset.notReadyAddresses ?? []).slice(0, Math.max(0, budget));
    budget -= notReady.length;
    return {
      ...(addresses.length ? { addresses } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ...(subset.ports ? { ports: subset.ports } : {}),
    };
  });
}

function write(client: ApiClient, service: KubeObject, subsets: Subset[], truncated: boolean): void {
  const { namespace, name } = service.metadata;
  const existing = client.get(ENDPOINTS, namespace, name ?? '');
  const labels = endpointLabels(service);
  const annotations: Record<string, string> = { ...existing?.metadata.annotations };
  if (truncated) annotations[OVER_CAPACITY] = 'truncated';
  else delete annotations[OVER_CAPACITY];
  if (existing) {
    const unchanged =
      canonicalJson(existing.subsets ?? []) === canonicalJson(subsets) &&
      canonicalJson(existing.metadata.labels ?? {}) === canonicalJson(labels) &&
      canonicalJson(existing.metadata.annotations ?? {}) === canonicalJson(annotations);
    if (unchanged) return;
  }
  annotations[TRIGGER_TIME] = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const body: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(existing?.metadata ?? {}),
      name,
      namespace,
      labels,
      annotations,
    },
    ...(subsets.length > 0 ? { subsets } : {}),
  };
  if (!existing) {
    try {
      client.create(body, { fieldManager: SOURCE });
    } catch (error) {
      // Someone (the previous sync's event, a user) created it meanwhile: the retry updates it.
      if (error instanceof StatusError && error.reason === 'AlreadyExists')
        throw new StatusError(409, 'Conflict', error.message, undefined, { cause: error });
      throw error;
    }
    return;
  }
  client.update(body, { fieldManager: SOURCE });
}
