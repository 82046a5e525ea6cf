// A Service's endpoints as kube-proxy sees them: the EndpointSlices labelled with its name, with
// ready/serving/terminating read the way the API defines them (nil ready means ready).
import type { KubeObject } from '@workshop/kube';
import type { CheckEnv } from '../env.ts';
import { fail, listText } from '../failure.ts';
import { requireObject } from './objects.ts';
import { type CheckWaitOptions, waitOrFail } from './waits.ts';

export interface EndpointInfo {
  ip: string;
  /** The Pod behind the address (targetRef), when the slice names one. */
  pod?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface ServiceEndpoints {
  ready: EndpointInfo[];
  notReady: EndpointInfo[];
  /** The resolved ports (`http 8080/TCP`). */
  ports: string[];
}

interface SliceShape {
  endpoints?: Array<{
    addresses?: string[];
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
    targetRef?: { kind?: string; name?: string };
  }>;
  ports?: Array<{ name?: string; port?: number; protocol?: string }> | null;
}

export async function serviceEndpoints(ctx: CheckEnv, service: string): Promise<ServiceEndpoints> {
  const slices = (await ctx.kube.list('discovery.k8s.io/v1', 'EndpointSlice', {
    namespace: ctx.namespace,
    labelSelector: `kubernetes.io/service-name=${service}`,
  })) as Array<KubeObject & SliceShape>;
  const ready: EndpointInfo[] = [];
  const notReady: EndpointInfo[] = [];
  const ports = new Set<string>();
  for (const slice of slices) {
    for (const p of slice.ports ?? [])
      ports.add(`${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol ?? 'TCP'}`);
    for (const e of slice.endpoints ?? []) {
      const c = e.conditions ?? {};
      for (const ip of e.addresses ?? []) {
        const info: EndpointInfo = {
          ip,
          pod: e.targetRef?.kind === 'Pod' ? e.targetRef.name : undefined,
          ready: c.ready ?? true,
          serving: c.serving ?? true,
          terminating: c.terminating ?? false,
        };
        (info.ready ? ready : notReady).push(info);
      }
    }
  }
  return { ready, notReady, ports: [...ports] };
}

function describe(e: ServiceEndpoints): string {
  const names = (list: EndpointInfo[]) => list.map((x) => x.pod ?? x.ip);
  const parts = [
    `${e.ready.length} ready endpoint${e.ready.length === 1 ? '' : 's'}${e.ready.length ? ` (${listText(names(e.ready))})` : ''}`,
  ];
  if (e.notReady.length) parts.push(`${e.notReady.length} not ready (${listText(names(e.notReady))})`);
  return parts.join(', ');
}

/**
 * Waits until Service `service` has exactly `count` ready endpoints (or exactly the Pods named), and
 * returns them. Endpoints settle a moment after Pods change, hence the wait.
 */
export async function expectReadyEndpoints(
  ctx: CheckEnv,
  service: string,
  expected: number | { pods: string[] },
  options: CheckWaitOptions = {},
): Promise<EndpointInfo[]> {
  const svc = await requireObject(ctx, 'Service', service);
  const want =
    typeof expected === 'number'
      ? `${expected} ready endpoint${expected === 1 ? '' : 's'}`
      : `ready endpoints for exactly ${listText(expected.pods)}`;
  const matches = (e: ServiceEndpoints) =>
    typeof expected === 'number'
      ? e.ready.length === expected
      : e.ready.length === expected.pods.length &&
        expected.pods.every((p) => e.ready.some((r) => r.pod === p));
  const selector = (svc.spec as { selector?: Record<string, string> | null } | undefined)?.selector;
  if (!selector || Object.keys(selector).length === 0) {
    // Without a selector the endpoint controllers leave the Service alone: whatever its slices say
    // now (nothing, or what an earlier selector left behind) will not change, so do not wait.
    const e = await serviceEndpoints(ctx, service);
    if (matches(e)) return e.ready;
    fail(
      `Service "${service}" to have ${want}`,
      `${describe(e)}; the Service has no selector, so Kubernetes does not manage its endpoints and they do not follow the Pods`,
    );
  }
  return waitOrFail(
    `Service "${service}" to have ${want}`,
    async () => {
      const e = await serviceEndpoints(ctx, service);
      return matches(e) ? { done: true, value: e.ready } : { done: false, seen: describe(e) };
    },
    options,
  );
}
