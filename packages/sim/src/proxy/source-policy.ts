// Where kube-proxy's connections to a backend come from, and who may use a Service address at all.
import type { VirtualNetwork } from '../core/virtual-network.ts';
import type { Exposure } from './rules.ts';
import type { SourcePolicy } from './tcp-listener.ts';

/**
 * iptables' NAT as seen from a backend: a ClusterIP keeps the caller's address (a Pod's, or the
 * node's) and is not reachable from the host; NodePort and load balancer traffic is masqueraded to
 * the node IP. A real node keeps an external caller's address with externalTrafficPolicy: Local;
 * the sim masquerades that too, since a Pod tells the host from the node by the source address.
 */
export function sourcePolicy(exposure: Exposure, network: VirtualNetwork): SourcePolicy | undefined {
  if (network.mode === 'ports') return undefined;
  const nodeIP = network.plan.nodeIP;
  if (exposure === 'ClusterIP') {
    return { admit: (ip) => network.fromInside(ip), source: (ip) => unmapped(ip) };
  }
  return { admit: () => true, source: () => nodeIP };
}

function unmapped(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
