// The sim's kube-proxy: ClusterIP, NodePort and LoadBalancer listeners plus the host entry points.
// Skeleton export (contract); the real proxy lands in this folder next.
import type { ApiClient } from '../core/client.ts';
import type { NetworkPlan } from '../core/network.ts';

export interface HostEntryPoint {
  name: string;
  hostPort: number;
  nodePort: number;
}

export interface KubeProxyOptions {
  network: NetworkPlan;
  hostEntryPoints: HostEntryPoint[];
}

export interface KubeProxy {
  stop(): Promise<void>;
  hostEntryPoints: Array<{ name: string; url: string }>;
}

export async function startKubeProxy(_client: ApiClient, _options: KubeProxyOptions): Promise<KubeProxy> {
  throw new Error('startKubeProxy: not implemented yet');
}
