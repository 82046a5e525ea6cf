// What goes into status.loadBalancer.ingress of a served Ingress. Traefik copies the published
// Service's load-balancer ingress and skips Services without one (a NodePort Service has none, so
// on kind the ADDRESS column stays empty). The sim publishes the node's InternalIP instead in that
// case, like ingress-nginx's --report-node-internal-ip-address, so learners see where to send traffic.
import type { KubeObject } from '../../core/types.ts';
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
    if (lb.length > 0)
      return {
        ok: true,
        addresses: lb.map((i) => ({
          ...(i.ip ? { ip: i.ip } : {}),
          ...(i.hostname ? { hostname: i.hostname } : {}),
        })),
      };
    const nodeIps = state.nodes
      .flatMap(
        (node: KubeObject) => (node.status?.addresses ?? []) as Array<{ type: string; address: string }>,
      )
      .filter((a) => a.type === 'InternalIP')
      .map((a) => ({ ip: a.address }));
    return nodeIps.length > 0 ? { ok: true, addresses: nodeIps } : undefined;
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
