// Packing endpoints into EndpointSlices with little churn, like the endpointslice reconciler:
// an endpoint stays in the slice it is already in, new ones fill slices with room (at most
// maxPerSlice each) and then new slices; slices whose port set is no longer wanted go away;
// when nothing at all is wanted a single empty placeholder slice remains.
import type { KubeObject } from '../../core/types.ts';
import { canonicalJson } from '../deployment/template-hash.ts';
import { portSetKey, type ResolvedPort } from './service-pods.ts';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: string; namespace?: string; name?: string; uid?: string };
}

export interface DesiredGroup {
  ports: ResolvedPort[];
  endpoints: SliceEndpoint[];
}

export interface SlicePlan {
  /** Existing slices (by name) with their new endpoints and ports. */
  update: Array<{ slice: KubeObject; endpoints: SliceEndpoint[]; ports: ResolvedPort[] }>;
  create: Array<{ endpoints: SliceEndpoint[]; ports: ResolvedPort[] }>;
  remove: KubeObject[];
}

export function endpointKey(endpoint: { addresses?: string[]; targetRef?: { uid?: string } }): string {
  return `${endpoint.targetRef?.uid ?? ''}\u0000${(endpoint.addresses ?? []).join(',')}`;
}

export function isPlaceholder(slice: KubeObject): boolean {
  return (slice.endpoints ?? []).length === 0 && (slice.ports ?? []).length === 0;
}

export function planSlices(
  existing: KubeObject[],
  desired: Map<string, DesiredGroup>,
  maxPerSlice: number,
): SlicePlan {
  const plan: SlicePlan = { update: [], create: [], remove: [] };
  const byPorts = new Map<string, KubeObject[]>();
  for (const slice of existing) {
    const key = portSetKey((slice.ports ?? []) as ResolvedPort[]);
    byPorts.set(key, [...(byPorts.get(key) ?? []), slice]);
  }

  for (const [key, group] of desired) {
    const wanted = new Map(group.endpoints.map((endpoint) => [endpointKey(endpoint), endpoint]));
    const kept: Array<{ slice: KubeObject; endpoints: SliceEndpoint[] }> = [];
    for (const slice of byPorts.get(key) ?? []) {
      const endpoints: SliceEndpoint[] = [];
      for (const current of (slice.endpoints ?? []) as SliceEndpoint[]) {
        const id = endpointKey(current);
        const next = wanted.get(id);
        if (next && endpoints.length < maxPerSlice) {
          endpoints.push(next);
          wanted.delete(id);
        }
      }
      kept.push({ slice, endpoints });
    }
    // New endpoints fill the fullest slices first, then new slices.
    const rest = [...wanted.values()];
    for (const entry of [...kept].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
      while (rest.length > 0 && entry.endpoints.length > 0 && entry.endpoints.length < maxPerSlice) {
        entry.endpoints.push(rest.shift() as SliceEndpoint);
      }
    }
    for (const entry of kept) {
      if (entry.endpoints.length === 0 && rest.length > 0) {
        entry.endpoints.push(...rest.splice(0, maxPerSlice));
      }
      if (entry.endpoints.length === 0) plan.remove.push(entry.slice);
      else plan.update.push({ slice: entry.slice, endpoints: entry.endpoints, ports: group.ports });
    }
    while (rest.length > 0) plan.create.push({ endpoints: rest.splice(0, maxPerSlice), ports: group.ports });
    byPorts.delete(key);
  }
  for (const slices of byPorts.values()) plan.remove.push(...slices);

  if (plan.update.length === 0 && plan.create.length === 0) {
    // Keep (or make) exactly one placeholder, so the Service visibly has "no endpoints".
    const reusable = plan.remove.find(isPlaceholder);
    plan.remove = plan.remove.filter((slice) => slice !== reusable);
    if (reusable) plan.update.push({ slice: reusable, endpoints: [], ports: [] });
    else plan.create.push({ endpoints: [], ports: [] });
  }
  return plan;
}

/** Whether writing `endpoints`/`ports`/`labels` would change the stored slice. */
export function sliceChanged(
  slice: KubeObject,
  endpoints: SliceEndpoint[],
  ports: ResolvedPort[],
  labels: Record<string, string>,
): boolean {
  return (
    canonicalJson(slice.endpoints ?? []) !== canonicalJson(endpoints) ||
    canonicalJson(slice.ports ?? []) !== canonicalJson(ports) ||
    canonicalJson(slice.metadata.labels ?? {}) !== canonicalJson(labels)
  );
}
