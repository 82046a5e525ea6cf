// The pure routing layer: API objects in, a route table out, and the spec's match(host, path).
export { type BackendResolution, normalizeName, resolveBackend, type ServiceTarget } from './backends.ts';
export { hostMatches, normalizeHost } from './host-match.ts';
export { ownIngressClasses, shouldProcessIngress } from './ingress-class.ts';
export { type MatchOptions, matchRoute, type RequestFacts } from './match.ts';
export { matchPath, type PathType, pathElements } from './path-match.ts';
export {
  allRoutes,
  type BuildOptions,
  buildRouteTable,
  type HostGroup,
  type Route,
  type RouteTable,
} from './route-table.ts';
