// The sim's node networking, started together: kube-proxy (ClusterIP, NodePort and LoadBalancer
// listeners), the LoadBalancer provider, the cluster DNS server and the host entry points.
import { inform } from '../controllers/informer.ts';
import type { ApiClient, Unsubscribe } from '../core/client.ts';
import { type NetworkPlan, NODE_NAME } from '../core/network.ts';
import { acquireVirtualNetwork, type NetworkMode } from '../core/virtual-network.ts';
import { clusterDnsAddress } from '../dns/address.ts';
import { type ClusterDns, startClusterDns } from '../dns/server.ts';
import { type HostEntryPointSpec, openHostEntryPoint, type RunningEntryPoint } from './host-entry-points.ts';
import { reconcileLoadBalancers } from './load-balancer.ts';
import { type Proxier, startProxier } from './proxier.ts';

export { clusterDnsAddress } from '../dns/address.ts';
export { startClusterDns } from '../dns/server.ts';
export type { Backend } from './backends.ts';
export { backendsFor } from './backends.ts';
export { Balancer } from './balancer.ts';
export type { HostEntryPointSpec as HostEntryPoint } from './host-entry-points.ts';

export interface KubeProxyOptions {
  network: NetworkPlan;
  hostEntryPoints: HostEntryPointSpec[];
  /** Where the host entry points listen (default 127.0.0.1, like kind's listenAddress on loopback). */
  hostIP?: string;
  nodeName?: string;
  /** Run the cluster DNS server too (default true); its address comes from clusterDnsAddress(network, mode). */
  dns?: boolean | { host: string; port: number };
  /** Run the LoadBalancer provider (default true). */
  loadBalancer?: boolean;
  log?: (line: string) => void;
  /** Random source for backend choice (tests). */
  random?: () => number;
  /** Forces the network mode (default: SIM_NETWORK_MODE, else probed; see core/virtual-network.ts). */
  networkMode?: NetworkMode;
}

export interface KubeProxy {
  stop(): Promise<void>;
  hostEntryPoints: Array<{ name: string; url: string }>;
  /** Where the cluster DNS answers (undefined when disabled); virtual in ports mode, see dnsBound. */
  dns?: { host: string; port: number };
  /** Where the cluster DNS really listens. */
  dnsBound?: { host: string; port: number };
  /** The network mode this kube-proxy runs in. */
  mode: NetworkMode;
  /** Resolves once the listeners match the Services as they are now. */
  synced(): Promise<void>;
  /** `host:port` → `ns/service:port` of every open listener. */
  listeners(): Map<string, string>;
}

export async function startKubeProxy(client: ApiClient, options: KubeProxyOptions): Promise<KubeProxy> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const nodeIP = options.network.nodeIP;
  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of started.reverse())
      await stop().catch((error) => log(`kube-proxy: stopping: ${String(error)}`));
  };
  try {
    const lease = await acquireVirtualNetwork(options.network, { mode: options.networkMode });
    started.push(() => lease.release());
    const network = lease.network;
    let dns: ClusterDns | undefined;
    if (options.dns !== false) {
      const address =
        typeof options.dns === 'object' ? options.dns : clusterDnsAddress(options.network, network.mode);
      dns = await startClusterDns(client, { ...address, log, network });
      started.push(() => (dns as ClusterDns).stop());
    }
    if (options.loadBalancer !== false) {
      let queued = false;
      const reconcile = () => {
        if (queued) return;
        queued = true;
        setImmediate(() => {
          queued = false;
          reconcileLoadBalancers(client, options.network, log);
        });
      };
      const unsubscribe: Unsubscribe = inform(client, { apiVersion: 'v1', kind: 'Service' }, reconcile);
      started.push(async () => unsubscribe());
    }
    const proxier: Proxier = startProxier(client, {
      nodeIP,
      nodeName: options.nodeName ?? NODE_NAME,
      log,
      random: options.random,
      servedElsewhere: new Set(dns ? [dns.host] : []),
      network,
    });
    started.push(() => proxier.stop());
    await proxier.synced();
    const entryPoints: RunningEntryPoint[] = [];
    for (const spec of options.hostEntryPoints) {
      const entry = await openHostEntryPoint(spec, options.hostIP ?? '127.0.0.1', nodeIP, network);
      entryPoints.push(entry);
      started.push(() => entry.close());
    }
    return {
      hostEntryPoints: entryPoints.map(({ name, url }) => ({ name, url })),
      dns: dns ? { host: dns.host, port: dns.port } : undefined,
      dnsBound: dns?.bound,
      mode: network.mode,
      synced: () => proxier.synced(),
      listeners: () => proxier.listeners(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
