// What goes into status.loadBalancer.ingress of a served Ingress. Traefik copies the published
// Service's load-balancer ingress as it is: a NodePort Service has none, so the Ingress gets none
// and its ADDRESS column stays empty (on kind and on the sim alike).
import type { TraefikConfig } from '../flags.ts';
import type { ClusterState } from '../objects.ts';
import type { LoadBalancerIngress } from '../watch/source.ts';

export type DesiredStatus =
  | { ok: true; addresses: LoadBalancerIngress[] }
  | { ok: false; error: string }
  | undefined;

export function desiredLoadBalancer(
  state: ClusterState,
  config: TraefikConfig['kubernetesIngress'],
): DesiredStatus {
  if (config.publishedService) {
    const [namespace, name, extra] = config.publishedService.split('/');
    if (!namespace || !name || extra !== undefined) {
      return {
        ok: false,
        error: `invalid publishedService format (expected 'namespace/service' format): ${config.publishedService}`,
      };
    }
    const svc = state.services.find((s) => s.metadata.namespace === namespace && s.metadata.name === name);
    if (!svc) return { ok: false, error: `missing service: ${config.publishedService}` };
    const lb: LoadBalancerIngress[] = svc.status?.loadBalancer?.ingress ?? [];
    return {
      ok: true,
      addresses: lb.map((i) => ({
        ...(i.ip ? { ip: i.ip } : {}),
        ...(i.hostname ? { hostname: i.hostname } : {}),
      })),
    };
  }
  if (config.ip || config.hostname) {
    return {
      ok: true,
      addresses: [
        {
          ...(config.ip ? { ip: config.ip } : {}),
          ...(config.hostname ? { hostname: config.hostname } : {}),
        },
      ],
    };
  }
  return undefined;
}

export function sameAddresses(current: unknown, desired: LoadBalancerIngress[]): boolean {
  const list = Array.isArray(current) ? (current as LoadBalancerIngress[]) : [];
  const key = (a: LoadBalancerIngress) => `${a.ip ?? ''}|${a.hostname ?? ''}`;
  return list.map(key).sort().join(',') === desired.map(key).sort().join(',');
}
