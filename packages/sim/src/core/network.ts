// The sim's address plan. Everything lives in 127.0.0.0/8 so that every Pod, Service and load
// balancer has an address of its own on Linux without any network setup, and nothing is reachable
// from outside the machine. The default ranges mirror kubeadm/kind (10.96.0.0/12, 10.244.0.0/16).
// Tests run several clusters at once, so every address is part of a plan that can be moved.

export const CLUSTER_DOMAIN = 'cluster.local';
export const NODE_NAME = 'sim-control-plane';
export const NODE_PORT_RANGE = { base: 30000, size: 2768 } as const; // 30000-32767

export interface NetworkPlan {
  /**
   * The node's own address (its InternalIP): every NodePort listens here, the host entry points
   * forward here, and the node's own connections to Pods (probes, the API server's proxy) come
   * from here. Never 127.0.0.1: that is the host, which reaches the node only on mapped ports.
   */
  nodeIP: string;
  /** Service ClusterIPs; the first address goes to `kubernetes`, the tenth to kube-dns. */
  serviceCIDR: string;
  /** Pod IPs. */
  podCIDR: string;
  /** External IPs handed out by the sim's LoadBalancer provider. */
  loadBalancerCIDR: string;
}

// The node sits at 127.18.0.2 as kind's sits at 172.18.0.2 on its Docker network "kind".
export const DEFAULT_NETWORK: NetworkPlan = {
  nodeIP: '127.18.0.2',
  serviceCIDR: '127.96.0.0/12',
  podCIDR: '127.244.0.0/16',
  loadBalancerCIDR: '127.250.0.0/24',
};

/**
 * A plan that overlaps neither the default one nor, almost surely, another test's: a random aligned
 * /21 in 127.128.0.0–127.239.255.255 (3584 choices; the default plan's Pods and load balancers sit
 * in 127.244/16 and 127.250/24), split into Services (.0/22: `kubernetes` at .0.1, kube-dns at
 * .0.10), the node and load balancers (.4/24: node .1, load balancers .128/25) and Pods (.6/23).
 * Several engineers' test clusters run at once on one machine and every cluster with a kube-proxy
 * binds the kube-dns address on port 53: with the 60 blocks of the first version two parallel
 * clusters collided often enough to fail a test run (EADDRINUSE on the DNS address).
 */
export function randomTestNetwork(): NetworkPlan {
  const block = Math.floor(Math.random() * RANDOM_BLOCKS);
  const at = (offset: number) => nthAddress(RANDOM_RANGE, block * 2048 + offset);
  return {
    nodeIP: at(4 * 256 + 1),
    serviceCIDR: `${at(0)}/22`,
    podCIDR: `${at(6 * 256)}/23`,
    loadBalancerCIDR: `${at(4 * 256 + 128)}/25`,
  };
}

const RANDOM_RANGE = '127.128.0.0/9';
/** Aligned /21 blocks from 127.128.0.0 up to (not including) 127.240.0.0. */
const RANDOM_BLOCKS = (240 - 128) * 32;

/** The n-th address of an IPv4 CIDR (n = 1 is the first host address). */
export function nthAddress(cidr: string, n: number): string {
  const [base] = cidr.split('/');
  const parts = (base ?? '').split('.').map(Number);
  const value =
    (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
  const next = (value + n) >>> 0;
  return [next >>> 24, (next >>> 16) & 255, (next >>> 8) & 255, next & 255].join('.');
}

export function kubernetesServiceIP(plan: NetworkPlan): string {
  return nthAddress(plan.serviceCIDR, 1);
}

export function dnsServiceIP(plan: NetworkPlan): string {
  return nthAddress(plan.serviceCIDR, 10);
}

/** An IPv4 address as an unsigned 32-bit number (NaN when it is not dotted-quad IPv4). */
export function ipv4ToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return Number.NaN;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return Number.NaN;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Whether an IPv4 CIDR contains the address. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const address = ipv4ToNumber(ip);
  const start = ipv4ToNumber(base);
  if (Number.isNaN(address) || Number.isNaN(start)) return false;
  const size = 2 ** (32 - Number(bits));
  const first = start - (start % size);
  return address >= first && address < first + size;
}
