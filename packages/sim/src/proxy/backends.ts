// Which endpoints kube-proxy may send a Service port's connections to: the ready endpoints of the
// Service's EndpointSlices whose slice carries that port (matched by the Service port's name).
import type { KubeObject } from '../core/types.ts';
import type { SliceEndpoint } from '../dns/records.ts';

export interface Backend {
  ip: string;
  port: number;
}

interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
}

/**
 * The backends for one Service port. `Local` traffic policy keeps endpoints on `nodeName` only and,
 * when none of those is ready, falls back to serving-but-terminating ones (ProxyTerminatingEndpoints).
 */
export function backendsFor(
  slices: KubeObject[],
  servicePortName: string,
  options: { local?: boolean; nodeName?: string; protocol?: string } = {},
): Backend[] {
  const protocol = options.protocol ?? 'TCP';
  const ready: Backend[] = [];
  const servingTerminating: Backend[] = [];
  const seen = new Set<string>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const port = ((slice.ports ?? []) as SlicePort[]).find(
      (p) => (p.name ?? '') === servicePortName && (p.protocol ?? 'TCP') === protocol,
    );
    if (!port?.port) continue;
    for (const endpoint of (slice.endpoints ?? []) as SliceEndpoint[]) {
      if (options.local && options.nodeName && endpoint.nodeName && endpoint.nodeName !== options.nodeName)
        continue;
      // discovery/v1: nil ready/serving mean true, nil terminating means false.
      const isReady = endpoint.conditions?.ready !== false;
      const serving = endpoint.conditions?.serving ?? isReady;
      const terminating = endpoint.conditions?.terminating === true;
      for (const ip of endpoint.addresses ?? []) {
        const key = `${ip}:${port.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (isReady) ready.push({ ip, port: port.port });
        else if (serving && terminating) servingTerminating.push({ ip, port: port.port });
      }
    }
  }
  if (ready.length === 0 && options.local) return servingTerminating;
  return ready;
}
