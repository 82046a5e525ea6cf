// The sim's address plan. Everything lives in 127.0.0.0/8 so that every Pod, Service and load
// balancer has an address of its own on Linux without any network setup, and nothing is reachable
// from outside the machine. The default ranges mirror kubeadm/kind (10.96.0.0/12, 10.244.0.0/16).
// Tests run several clusters at once, so every address is part of a plan that can be moved.

export const CLUSTER_DOMAIN = 'cluster.local';
export const NODE_NAME = 'sim-control-plane';
export const NODE_PORT_RANGE = { base: 30000, size: 2768 } as const; // 30000-32767

export interface NetworkPlan {
  /** Where NodePorts (and, by default, the host entry points) listen. */
  nodeIP: string;
  /** Service ClusterIPs; the first address goes to `kubernetes`, the tenth to kube-dns. */
  serviceCIDR: string;
  /** Pod IPs. */
  podCIDR: string;
  /** External IPs handed out by the sim's LoadBalancer provider. */
  loadBalancerCIDR: string;
}

export const DEFAULT_NETWORK: NetworkPlan = {
  nodeIP: '127.0.0.1',
  serviceCIDR: '127.96.0.0/12',
  podCIDR: '127.244.0.0/16',
  loadBalancerCIDR: '127.250.0.0/24',
};

/**
 * A plan that does not overlap the default one nor (very likely) another test's:
 * a random /16 block for Services and another for Pods, all inside 127.128.0.0/9.
 */
export function randomTestNetwork(): NetworkPlan {
  const block = 128 + Math.floor(Math.random() * 60) * 2; // even second octet in 128..246
  const third = 129 + Math.floor(Math.random() * 60);
  return {
    nodeIP: `127.${block + 1}.${third}.1`,
    serviceCIDR: `127.${block}.0.0/16`,
    podCIDR: `127.${block + 1}.0.0/17`,
    loadBalancerCIDR: `127.${block + 1}.200.0/24`,
  };
}

/** The n-th address of an IPv4 CIDR (n = 1 is the first host address). */
export function nthAddress(cidr: string, n: number): string {
  const [base] = cidr.split('/');
  const parts = (base ?? '').split('.').map(Number);
  const value = (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
  const next = (value + n) >>> 0;
  return [next >>> 24, (next >>> 16) & 255, (next >>> 8) & 255, next & 255].join('.');
}

export function kubernetesServiceIP(plan: NetworkPlan): string {
  return nthAddress(plan.serviceCIDR, 1);
}

export function dnsServiceIP(plan: NetworkPlan): string {
  return nthAddress(plan.serviceCIDR, 10);
}
