// Resolves an Ingress backend to the Pod addresses that serve it, as Traefik does: the Service port
// is found by number (`port.number == svc.port`) or by name, then the ready endpoints of the Service's
// EndpointSlices for that port name give `scheme://podIP:targetPort` servers. kube-proxy and the
// ClusterIP are not involved.
import type { KubeObject } from '../../core/types.ts';
import type { ClusterState, IngressBackend } from '../objects.ts';

export interface ServiceTarget {
  /** Traefik's service name: `<ns>-<svc>-<port>`. */
  key: string;
  namespace: string;
  service: string;
  /** The port as the Ingress wrote it (number or name). */
  port: string;
  scheme: 'http' | 'https';
  /** Upstream URLs, e.g. `http://127.244.0.5:8080`, in a stable order. */
  servers: string[];
}

export type BackendResolution = { ok: true; target: ServiceTarget } | { ok: false; error: string };

export interface BackendIndex {
  services: Map<string, KubeObject>;
  slicesByService: Map<string, KubeObject[]>;
}

export function indexBackends(state: ClusterState): BackendIndex {
  const services = new Map<string, KubeObject>();
  for (const svc of state.services) services.set(`${svc.metadata.namespace}/${svc.metadata.name}`, svc);
  const slicesByService = new Map<string, KubeObject[]>();
  for (const slice of state.endpointSlices) {
    const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!owner) continue;
    const key = `${slice.metadata.namespace}/${owner}`;
    const list = slicesByService.get(key) ?? [];
    list.push(slice);
    slicesByService.set(key, list);
  }
  return { services, slicesByService };
}

export function resolveBackend(
  index: BackendIndex,
  namespace: string,
  backend: IngressBackend,
): BackendResolution {
  if (!backend.service) {
    return { ok: false, error: 'resource backends are not supported; use a service backend' };
  }
  const { name, port } = backend.service;
  const portLabel = port?.name ? port.name : String(port?.number ?? '');
  const svc = index.services.get(`${namespace}/${name}`);
  if (!svc) return { ok: false, error: 'service not found' };
  if (svc.spec?.type === 'ExternalName') {
    return { ok: false, error: `externalName services not allowed: ${namespace}/${name}` };
  }
  const ports: Array<{ name?: string; port: number }> = svc.spec?.ports ?? [];
  const svcPort = ports.find(
    (p) => (port?.number !== undefined && p.port === port.number) || (!!port?.name && p.name === port.name),
  );
  if (!svcPort) return { ok: false, error: 'service port not found' };
  const portName = svcPort.name ?? '';
  const scheme = svcPort.port === 443 || portName.startsWith('https') ? 'https' : 'http';

  const servers: string[] = [];
  const seen = new Set<string>();
  for (const slice of index.slicesByService.get(`${namespace}/${name}`) ?? []) {
    const slicePort = (slice.ports ?? []).find((p: { name?: string | null }) => (p.name ?? '') === portName);
    if (!slicePort?.port) continue;
    for (const endpoint of slice.endpoints ?? []) {
      // A nil `ready` means ready (discovery/v1 API semantics).
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses ?? []) {
        const host = String(address).includes(':') ? `[${address}]` : String(address);
        const url = `${scheme}://${host}:${slicePort.port}`;
        if (seen.has(url)) continue;
        seen.add(url);
        servers.push(url);
      }
    }
  }
  servers.sort();
  return {
    ok: true,
    target: {
      key: normalizeName(`${namespace}-${name}-${portLabel}`),
      namespace,
      service: name,
      port: portLabel,
      scheme,
      servers,
    },
  };
}

/** Traefik's provider.Normalize: anything that is not a letter or digit becomes `-`. */
export function normalizeName(name: string): string {
  return name
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}
