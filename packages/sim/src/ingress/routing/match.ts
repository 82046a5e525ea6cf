// Picks the route for a request, following the Kubernetes spec rather than Traefik's flat,
// rule-length priorities: the most specific host group wins (precise > wildcard > host-less), then
// within it any Exact path beats every Prefix and the Prefix with the most elements wins; a request
// whose host group has no matching path goes to the Ingress's own defaultBackend, then to the
// cluster-wide catch-all. Ties go to the older Ingress.
import { normalizeHost, wildcardSuffix } from './host-match.ts';
import { matchPath } from './path-match.ts';
import type { HostGroup, Route, RouteTable } from './route-table.ts';

export interface RequestFacts {
  /** Host header (or :authority), port and case are ignored. */
  host: string | undefined;
  /** URL path without the query string. */
  path: string;
  /** Entry point the request arrived on (`web`, `websecure`, ...). */
  entryPoint: string;
  /** Whether the connection is TLS. */
  tls: boolean;
}

export interface MatchOptions {
  strictPrefix: boolean;
}

function eligible(route: Route, facts: RequestFacts): boolean {
  if (route.entryPoints && route.entryPoints.length > 0 && !route.entryPoints.includes(facts.entryPoint))
    return false;
  if (route.tls && !facts.tls) return false;
  return true;
}

function groupHasRoutes(group: HostGroup | undefined, facts: RequestFacts): group is HostGroup {
  if (!group) return false;
  return group.routes.some((r) => eligible(r, facts)) || group.defaults.some((r) => eligible(r, facts));
}

/** The host group that owns this host, or undefined when only the catch-all can answer. */
export function selectHostGroup(table: RouteTable, facts: RequestFacts): HostGroup | undefined {
  const host = normalizeHost(facts.host);
  const precise = table.precise.get(host);
  if (groupHasRoutes(precise, facts)) return precise;
  const suffix = wildcardSuffix(host);
  const wildcard = suffix === undefined ? undefined : table.wildcard.get(suffix);
  if (groupHasRoutes(wildcard, facts)) return wildcard;
  if (groupHasRoutes(table.hostless, facts)) return table.hostless;
  return undefined;
}

export function matchRoute(table: RouteTable, facts: RequestFacts, options: MatchOptions): Route | undefined {
  const group = selectHostGroup(table, facts);
  if (group) {
    let best: Route | undefined;
    let bestScore = -1;
    for (const route of group.routes) {
      if (!eligible(route, facts)) continue;
      const score = matchPath(route.pathType, route.path, facts.path, options);
      if (score === undefined) continue;
      if (score > bestScore || (score === bestScore && best && route.order < best.order)) {
        best = route;
        bestScore = score;
      }
    }
    if (best) return best;
    const own = group.defaults.filter((r) => eligible(r, facts)).sort((a, b) => a.order - b.order)[0];
    if (own) return own;
  }
  if (table.catchAll && eligible(table.catchAll, facts)) return table.catchAll;
  return undefined;
}
