// Where the cluster DNS listens, computed the same way by the DNS server and by the kubelet that
// tells every Pod's resolver shim where to ask: the kube-dns ClusterIP, on port 53 when this process
// may bind privileged ports (root, or net.ipv4.ip_unprivileged_port_start ≤ 53), else on 10053.
import { readFileSync } from 'node:fs';
import { dnsServiceIP, type NetworkPlan } from '../core/network.ts';
import type { NetworkMode } from '../core/virtual-network.ts';

export const DNS_PORT = 53;
export const UNPRIVILEGED_DNS_PORT = 10053;

/** True when this process can bind `port` on a loopback address without EACCES. */
export function canBindPrivilegedPort(port: number): boolean {
  if (port >= 1024) return true;
  if (process.platform === 'win32') return true;
  if (typeof process.getuid === 'function' && process.getuid() === 0) return true;
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    return Number.isFinite(start) && port >= start;
  } catch {
    return false;
  }
}

export interface DnsAddress {
  host: string;
  port: number;
}

/** In ports mode the address is virtual (only the port table's real port is bound), so it is always :53. */
export function clusterDnsAddress(plan: NetworkPlan, mode: NetworkMode = 'addresses'): DnsAddress {
  return {
    host: dnsServiceIP(plan),
    port: mode === 'ports' || canBindPrivilegedPort(DNS_PORT) ? DNS_PORT : UNPRIVILEGED_DNS_PORT,
  };
}
