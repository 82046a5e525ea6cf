// @workshop/sim: an embedded Kubernetes for the workshop — a kubectl-compatible API server on
// 127.0.0.1, its controllers, and a data plane of real processes and sockets.
export { createTestApi, type TestApi, type TestApiOptions } from './api/testing.ts';
export {
  defaultEntryPorts,
  INGRESS_NODE_PORTS,
  type SimCluster,
  type StartClusterOptions,
  startCluster,
} from './cluster.ts';
export type { ApiClient, DeleteOptions, ResourceRef, WriteOptions } from './core/client.ts';
export {
  DEFAULT_NETWORK,
  dnsServiceIP,
  kubernetesServiceIP,
  type NetworkPlan,
  NODE_NAME,
  randomTestNetwork,
} from './core/network.ts';
export type { NodeAgent } from './core/node-agent.ts';
export { type KubeObject, StatusError } from './core/types.ts';
export {
  ENTRY_PORT_CANDIDATES,
  type EntryPortChoice,
  type EntryPortProbe,
  pickEntryPorts,
  unprivilegedPortStart,
} from './entry-ports.ts';
export { CONTEXT_NAME, kubeconfigYaml, writeKubeconfig } from './kubeconfig.ts';
export { RESOURCE_TYPES } from './resources.ts';
