// The sim's two network modes. "addresses" (Linux): every Pod, Service, load balancer and the DNS
// server binds its own 127.x address, as the plan says. "ports" (macOS, where only 127.0.0.1 is on
// lo0): the API view is the same, but every virtual (address, port) really listens on 127.0.0.1 at an
// ephemeral port and a shared PortTable translates; the sim's components dial through `dial()`, Pod
// processes through their network shim. NodePorts and host entry points are real in both modes.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cidrContains, type NetworkPlan, nthAddress } from './network.ts';
import { PortTable, REAL_HOST } from './port-table.ts';

export type NetworkMode = 'addresses' | 'ports';

/** Forces a mode (`addresses` or `ports`); unset, the sim probes whether it can bind a Pod address. */
export const NETWORK_MODE_ENV = 'SIM_NETWORK_MODE';

export interface DialTarget {
  host: string;
  port: number;
  /** The source address to bind: the node IP for the node's own connections into the cluster. */
  localAddress?: string;
}

export function networkModeFromEnv(env: NodeJS.ProcessEnv = process.env): NetworkMode | undefined {
  const value = env[NETWORK_MODE_ENV]?.trim();
  if (!value) return undefined;
  if (value === 'addresses' || value === 'ports') return value;
  throw new Error(
    `${NETWORK_MODE_ENV} is "${value}"; expected "addresses" (every Pod and Service on its own 127.x address) or "ports" (everything on 127.0.0.1 with translated ports); unset it to let the sim choose`,
  );
}

/** "addresses" when this process can bind an address of the plan's Pod range, else "ports". */
export async function detectNetworkMode(plan: NetworkPlan): Promise<NetworkMode> {
  return (await canBind(nthAddress(plan.podCIDR, 1))) ? 'addresses' : 'ports';
}

/** Whether this machine has the address (false only for EADDRNOTAVAIL, as on macOS for 127.0.0.2+). */
function canBind(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      // Only a missing address means the OS cannot do it; anything else shows up with its own message later.
      resolve(error.code !== 'EADDRNOTAVAIL'),
    );
    probe.listen({ host, port: 0, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export class VirtualNetwork {
  readonly #ranges: string[];
  readonly #cluster: string[];

  constructor(
    readonly plan: NetworkPlan,
    readonly mode: NetworkMode,
    /** The translation table (ports mode only). */
    readonly table?: PortTable,
    /** Ports mode where the OS lacks the node IP too (macOS): NodePorts go through the table as well. */
    readonly nodeIsVirtual = false,
  ) {
    if (mode === 'ports' && !table)
      throw new Error('the "ports" network mode needs a PortTable; create it with acquireVirtualNetwork()');
    this.#cluster = [plan.podCIDR, plan.serviceCIDR, plan.loadBalancerCIDR, `${plan.nodeIP}/32`];
    this.#ranges = mode === 'ports' && nodeIsVirtual ? this.#cluster : this.#cluster.slice(0, 3);
  }

  /** Whether the address is one the OS cannot bind in this mode, so it goes through the table. */
  isVirtual(address: string): boolean {
    return this.mode === 'ports' && this.#ranges.some((cidr) => cidrContains(cidr, address));
  }

  /** Whether the address belongs to this cluster (a Pod, a Service, a load balancer or the node). */
  owns(address: string): boolean {
    return this.#cluster.some((cidr) => cidrContains(cidr, address));
  }

  /**
   * Whether a connection from this address comes from inside the cluster (a Pod or the node). Only
   * the addresses mode can tell: in ports mode every connection comes from 127.0.0.1.
   */
  fromInside(address: string): boolean {
    if (this.mode === 'ports') return true;
    const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
    return ip === this.plan.nodeIP || cidrContains(this.plan.podCIDR, ip);
  }

  /**
   * Where the node's own connection to (host, port) really goes, and from which address (the node
   * IP, in addresses mode); undefined when nothing listens there (refuse it).
   */
  dial(host: string, port: number): DialTarget | undefined {
    if (!this.isVirtual(host)) {
      return this.mode === 'addresses' && this.owns(host)
        ? { host, port, localAddress: this.plan.nodeIP }
        : { host, port };
    }
    const entry = this.table?.lookup(host, port);
    return entry ? { host: REAL_HOST, port: entry.port } : undefined;
  }

  /** Where a listener for (host, port) really binds: the same, or 127.0.0.1 at an ephemeral port. */
  bindAddress(host: string, port: number): DialTarget {
    return this.isVirtual(host) ? { host: REAL_HOST, port: 0 } : { host, port };
  }

  /** Records a listener opened at bindAddress(host, port) that got `realPort` (no-op when not virtual). */
  register(host: string, port: number, realPort: number): void {
    if (this.isVirtual(host)) this.table?.register(host, port, realPort);
  }

  unregister(host: string, port: number): void {
    if (this.isVirtual(host)) this.table?.unregister(host, port, process.pid);
  }

  /**
   * What a Pod process's network shim needs: in addresses mode the Pod range and the node IP (to
   * tell the host's connections from the cluster's), in ports mode the table and the virtual ranges.
   */
  podEnv(): Record<string, string> {
    if (this.mode !== 'ports' || !this.table)
      return { SIM_POD_CIDR: this.plan.podCIDR, SIM_NODE_IP: this.plan.nodeIP };
    return {
      [NETWORK_MODE_ENV]: 'ports',
      SIM_PORT_TABLE: this.table.dir,
      SIM_VIRTUAL_CIDRS: this.#ranges.join(','),
    };
  }
}

export interface VirtualNetworkLease {
  network: VirtualNetwork;
  /** Gives the lease back; the last one removes the table. */
  release(): Promise<void>;
}

interface Shared {
  refs: number;
  ready: Promise<VirtualNetwork>;
}

// The kubelet, kube-proxy and the API server's proxy of one cluster find the same table through its
// plan, without passing it around; parallel test clusters have plans that do not overlap.
const shared = new Map<string, Shared>();
const active = new Set<VirtualNetwork>();

function planKey(plan: NetworkPlan): string {
  return [plan.nodeIP, plan.podCIDR, plan.serviceCIDR, plan.loadBalancerCIDR].join('|');
}

/** The network of a plan in this process: its mode (forced, `SIM_NETWORK_MODE`, or probed) and table. */
export async function acquireVirtualNetwork(
  plan: NetworkPlan,
  options: { mode?: NetworkMode } = {},
): Promise<VirtualNetworkLease> {
  const key = planKey(plan);
  let entry = shared.get(key);
  if (!entry) {
    const created: Shared = {
      refs: 0,
      ready: (async () => {
        const mode = options.mode ?? networkModeFromEnv() ?? (await detectNetworkMode(plan));
        const table =
          mode === 'ports' ? new PortTable(await mkdtemp(path.join(tmpdir(), 'sim-ports-'))) : undefined;
        const nodeIsVirtual = mode === 'ports' && !(await canBind(plan.nodeIP));
        const network = new VirtualNetwork(plan, mode, table, nodeIsVirtual);
        active.add(network);
        return network;
      })(),
    };
    created.ready.catch(() => shared.delete(key));
    shared.set(key, created);
    entry = created;
  }
  entry.refs++;
  const current = entry;
  const network = await current.ready;
  if (options.mode && options.mode !== network.mode) {
    current.refs--;
    throw new Error(
      `the network plan ${key} already runs in "${network.mode}" mode in this process; "${options.mode}" was asked for`,
    );
  }
  let released = false;
  return {
    network,
    async release() {
      if (released) return;
      released = true;
      current.refs--;
      if (current.refs > 0 || shared.get(key) !== current) return;
      shared.delete(key);
      active.delete(network);
      if (network.table) await rm(network.table.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Where the sim itself should connect for (host, port): translated when an active network in this
 * process runs in ports mode and owns the address; undefined when nothing listens there.
 */
export function dialAddress(host: string, port: number): DialTarget | undefined {
  for (const network of active) if (network.owns(host)) return network.dial(host, port);
  return { host, port };
}
