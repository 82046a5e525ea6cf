// The sim's ingress controller (what the `traefik:*` image runs): a Traefik-compatible Kubernetes
// Ingress controller with spec routing semantics. main.ts is the process; this is the library.
export {
  type IngressController,
  type IngressControllerOptions,
  startIngressController,
} from './controller.ts';
export { type EntryPointConfig, parseAddress, parseTraefikFlags, type TraefikConfig } from './flags.ts';
export { createLogger, type Logger } from './log.ts';
export { type ClusterState, emptyClusterState } from './objects.ts';
export { buildRouteTable, matchRoute, type Route, type RouteTable } from './routing/index.ts';
export { type CertificatePair, generateDefaultCertificate, generateSelfSigned } from './tls/self-signed.ts';
export { type ApiCredentials, loadKubeconfig } from './watch/api-client.ts';
export { ApiSource } from './watch/api-source.ts';
export { type ObjectSource, StaticSource, type StatusWriter } from './watch/source.ts';
