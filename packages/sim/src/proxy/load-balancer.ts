// The sim's cloud LoadBalancer provider (like cloud-provider-kind or MetalLB): every Service of type
// LoadBalancer without a loadBalancerClass gets an external IP from the plan's loadBalancerCIDR in
// status.loadBalancer.ingress; kube-proxy then listens on that IP on the Service ports.
import type { ApiClient } from '../core/client.ts';
import { type NetworkPlan, nthAddress } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';

const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

function cidrSize(cidr: string): number {
  const bits = Number(cidr.split('/')[1] ?? 32);
  return 2 ** (32 - bits);
}

function ingressIPs(svc: KubeObject): string[] {
  return ((svc.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string }>).flatMap((i) =>
    i.ip ? [i.ip] : [],
  );
}

function wantsLoadBalancer(svc: KubeObject): boolean {
  return svc.spec?.type === 'LoadBalancer' && !svc.spec?.loadBalancerClass && !svc.metadata.deletionTimestamp;
}

/** Reconciles every Service once: assigns missing external IPs and clears those of Services that are no longer LoadBalancers. */
export function reconcileLoadBalancers(
  client: ApiClient,
  plan: NetworkPlan,
  log: (line: string) => void,
): void {
  const services = client.list(SERVICE).items;
  const used = new Set(services.filter(wantsLoadBalancer).flatMap(ingressIPs));
  const size = cidrSize(plan.loadBalancerCIDR);
  let next = 1;
  const allocate = (requested?: string): string | undefined => {
    if (requested && !used.has(requested)) {
      used.add(requested);
      return requested;
    }
    while (next < size - 1) {
      const candidate = nthAddress(plan.loadBalancerCIDR, next++);
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
    return undefined;
  };
  for (const svc of services) {
    const ips = ingressIPs(svc);
    const ref = `${svc.metadata.namespace}/${svc.metadata.name}`;
    try {
      if (wantsLoadBalancer(svc) && ips.length === 0) {
        client.recordEvent(
          svc,
          'Normal',
          'EnsuringLoadBalancer',
          'Ensuring load balancer',
          'service-controller',
        );
        const ip = allocate(svc.spec?.loadBalancerIP || undefined);
        if (!ip) {
          const message = `Error syncing load balancer: no free address left in ${plan.loadBalancerCIDR}`;
          client.recordEvent(svc, 'Warning', 'SyncLoadBalancerFailed', message, 'service-controller');
          log(`load balancer: ${ref}: ${message}`);
          continue;
        }
        client.update(
          { ...svc, status: { ...svc.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } },
          { subresource: 'status', fieldManager: 'service-controller' },
        );
        client.recordEvent(
          svc,
          'Normal',
          'EnsuredLoadBalancer',
          'Ensured load balancer',
          'service-controller',
        );
      } else if (!wantsLoadBalancer(svc) && ips.length > 0 && svc.spec?.type !== 'LoadBalancer') {
        client.update(
          { ...svc, status: { ...svc.status, loadBalancer: {} } },
          { subresource: 'status', fieldManager: 'service-controller' },
        );
        client.recordEvent(
          svc,
          'Normal',
          'DeletedLoadBalancer',
          'Deleted load balancer',
          'service-controller',
        );
      }
    } catch (error) {
      // A conflict means the Service changed under us; the watch brings us back here.
      const code = (error as { code?: number }).code;
      if (code !== 409 && code !== 404) log(`load balancer: ${ref}: ${String(error)}`);
    }
  }
}
