// Builds the route table from the Ingresses this controller serves: one route per (rule, path),
// grouped by host (precise, wildcard, host-less) so that matching can follow the Kubernetes spec.
// Problems (missing Service, unknown port, no endpoints) are collected as Traefik-style log lines, and
// so is what a learner greps the controller's log for: each Ingress served, or skipped and why.
import type { KubeObject } from '../../core/types.ts';
import { type CompiledMiddleware, compileMiddlewares } from '../middlewares/index.ts';
import {
  ANNOTATION_ENTRYPOINTS,
  ANNOTATION_INGRESS_CLASS,
  ANNOTATION_MIDDLEWARES,
  ANNOTATION_ROUTER_TLS,
  type ClusterState,
  type IngressBackend,
  type IngressSpec,
} from '../objects.ts';
import {
  type BackendIndex,
  indexBackends,
  normalizeName,
  resolveBackend,
  type ServiceTarget,
} from './backends.ts';
import { type ClassOptions, ownIngressClasses, shouldProcessIngress } from './ingress-class.ts';
import type { PathType } from './path-match.ts';

export interface Route {
  /** Router name as Traefik would print it, e.g. `default-web-myapp-example-com-api@kubernetes`. */
  name: string;
  ingress: { namespace: string; name: string };
  /** '' for a host-less rule; lower case; may be `*.suffix`. */
  host: string;
  path: string;
  pathType: PathType;
  /** True for a defaultBackend (the Ingress's own, or the cluster-wide catch-all). */
  isDefault: boolean;
  target: ServiceTarget;
  /** `<ns>-<name>@kubernetescrd` references, in order. */
  middlewares: string[];
  /** Entry points this router is attached to; undefined = all. */
  entryPoints?: string[];
  /** `router.tls: "true"`: the router only answers TLS connections. */
  tls: boolean;
  /** Position of the Ingress in age order: the older Ingress wins ties. */
  order: number;
}

export interface HostGroup {
  routes: Route[];
  /** defaultBackends of Ingresses that have rules for this host (spec: unmatched paths go there). */
  defaults: Route[];
}

export interface RouteTable {
  precise: Map<string, HostGroup>;
  /** Keyed by the suffix after `*.`. */
  wildcard: Map<string, HostGroup>;
  hostless: HostGroup;
  /** defaultBackend of an Ingress without rules: the cluster-wide catch-all (Traefik's default-router). */
  catchAll?: Route;
  /** Ingresses served (namespace/name), for status updates. */
  served: KubeObject[];
  /** Log lines about objects that could not be turned into routes. */
  problems: Array<{ level: 'error' | 'warn'; msg: string; fields: Record<string, string> }>;
  /** INF lines: the Ingresses served (with their routers) and those skipped for their class. */
  notes: Array<{ level: 'info'; msg: string; fields: Record<string, string> }>;
  /** TLS secrets referenced by served Ingresses (`namespace/name`). */
  tlsSecrets: string[];
  /** Compiled Middleware objects by reference (`<ns>-<name>@kubernetescrd`). */
  middlewares: Map<string, CompiledMiddleware>;
}

export interface BuildOptions extends ClassOptions {
  /** `allowEmptyServices`: keep routes whose Service has no ready endpoint (they answer 503). */
  allowEmptyServices: boolean;
}

const PROVIDER = 'kubernetes';

/** Why Traefik's shouldProcessIngress said no, in the words of the objects. */
function classMismatch(ingress: KubeObject, own: Set<string>): string {
  const spec = (ingress.spec ?? {}) as IngressSpec;
  const served = own.size ? [...own].sort().join(', ') : 'none';
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    return `ingressClassName ${spec.ingressClassName} is not an IngressClass of this controller (${served})`;
  }
  const annotation = ingress.metadata.annotations?.[ANNOTATION_INGRESS_CLASS] ?? '';
  return `annotation ${ANNOTATION_INGRESS_CLASS}: ${annotation} is not this controller's class`;
}

function byAge(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items;
}

function emptyGroup(): HostGroup {
  return { routes: [], defaults: [] };
}

export function buildRouteTable(state: ClusterState, options: BuildOptions): RouteTable {
  const table: RouteTable = {
    precise: new Map(),
    wildcard: new Map(),
    hostless: emptyGroup(),
    served: [],
    problems: [],
    notes: [],
    tlsSecrets: [],
    middlewares: new Map(),
  };
  const index: BackendIndex = indexBackends(state);
  const own = ownIngressClasses(state.ingressClasses, options);
  for (const ing of state.ingresses) {
    if (shouldProcessIngress(ing, own, options)) continue;
    table.notes.push({
      level: 'info',
      msg: 'Skipping Ingress of another class',
      fields: {
        ingress: String(ing.metadata.name),
        namespace: String(ing.metadata.namespace),
        providerName: PROVIDER,
        reason: classMismatch(ing, own),
      },
    });
  }
  const ingresses = state.ingresses.filter((ing) => shouldProcessIngress(ing, own, options)).sort(byAge);
  const middlewares = compileMiddlewares(state.middlewares);
  table.middlewares = middlewares;

  ingresses.forEach((ingress, order) => {
    const routers = addIngress(ingress, order);
    if (routers.length) {
      table.notes.push({
        level: 'info',
        msg: 'Serving Ingress',
        fields: {
          ingress: String(ingress.metadata.name),
          namespace: String(ingress.metadata.namespace),
          providerName: PROVIDER,
          routers: routers.join(','),
        },
      });
    }
  });
  return table;

  /** Adds the routes of one served Ingress; returns the names of the routers it got. */
  function addIngress(ingress: KubeObject, order: number): string[] {
    const namespace = String(ingress.metadata.namespace);
    const ingressName = String(ingress.metadata.name);
    const spec = (ingress.spec ?? {}) as IngressSpec;
    const annotations = ingress.metadata.annotations ?? {};
    // Traefik's provider logger carries ingress, namespace and providerName on every line.
    const fields = { ingress: ingressName, namespace, providerName: PROVIDER };
    const routers: string[] = [];
    table.served.push(ingress);
    for (const tls of spec.tls ?? []) {
      if (tls.secretName) table.tlsSecrets.push(`${namespace}/${tls.secretName}`);
    }

    const common = {
      ingress: { namespace, name: ingressName },
      middlewares: splitList(annotations[ANNOTATION_MIDDLEWARES]) ?? [],
      entryPoints: splitList(annotations[ANNOTATION_ENTRYPOINTS]),
      tls: annotations[ANNOTATION_ROUTER_TLS] === 'true',
      order,
    };

    const makeRoute = (
      backend: IngressBackend,
      name: string,
      host: string,
      path: string,
      pathType: PathType,
      isDefault: boolean,
    ): Route | undefined => {
      const resolved = resolveBackend(index, namespace, backend);
      const backendFields = {
        ...fields,
        serviceName: backend.service?.name ?? '',
        servicePort: backend.service?.port?.name || String(backend.service?.port?.number ?? ''),
      };
      if (!resolved.ok) {
        // zerolog's console writer puts error= first, then the fields in name order.
        table.problems.push({
          level: 'error',
          msg: 'Cannot create service',
          fields: { error: resolved.error, ...backendFields },
        });
        return undefined;
      }
      if (resolved.target.servers.length === 0) {
        if (!options.allowEmptyServices) {
          table.problems.push({
            level: 'error',
            msg: 'Skipping service: no endpoints found',
            fields: backendFields,
          });
          return undefined;
        }
        // Kept (allowEmptyServices): the router exists and answers 503 until a Pod is ready.
        table.problems.push({
          level: 'warn',
          msg: 'No endpoints found for service; its router answers 503',
          fields: backendFields,
        });
      }
      // Traefik refuses to build a router whose middleware is missing, so its requests get 404.
      for (const ref of common.middlewares) {
        const compiled = middlewares.get(ref);
        if (compiled?.ok) continue;
        const msg = compiled
          ? `middleware "${ref}": ${compiled.error}`
          : `middleware "${ref}" does not exist`;
        table.problems.push({ level: 'error', msg, fields: { ...fields, routerName: name } });
        return undefined;
      }
      routers.push(name);
      return { ...common, name, host, path, pathType, isDefault, target: resolved.target };
    };

    const rules = spec.rules ?? [];
    if (rules.length === 0) {
      if (!spec.defaultBackend) return routers;
      if (table.catchAll) {
        table.problems.push({ level: 'error', msg: 'The default backend already exists.', fields });
        return routers;
      }
      const route = makeRoute(spec.defaultBackend, 'default-router@kubernetes', '', '/', 'Prefix', true);
      if (route) table.catchAll = route;
      return routers;
    }

    const groupsOfThisIngress = new Set<HostGroup>();
    for (const rule of rules) {
      const host = (rule.host ?? '').toLowerCase();
      const group = groupFor(table, host);
      groupsOfThisIngress.add(group);
      for (const p of rule.http?.paths ?? []) {
        const path = p.path ?? '';
        const pathType = (p.pathType as PathType) || 'ImplementationSpecific';
        const name = `${normalizeName(`${namespace}-${ingressName}-${host}${path}`)}@kubernetes`;
        const route = makeRoute(p.backend, name, host, path, pathType, false);
        if (route) group.routes.push(route);
      }
    }
    if (spec.defaultBackend) {
      const name = `${normalizeName(`${namespace}-${ingressName}-default-backend`)}@kubernetes`;
      const route = makeRoute(spec.defaultBackend, name, '', '/', 'Prefix', true);
      if (route) for (const group of groupsOfThisIngress) group.defaults.push(route);
    }
    return routers;
  }
}

function groupFor(table: RouteTable, host: string): HostGroup {
  if (host === '') return table.hostless;
  const map = host.startsWith('*.') ? table.wildcard : table.precise;
  const key = host.startsWith('*.') ? host.slice(2) : host;
  let group = map.get(key);
  if (!group) {
    group = emptyGroup();
    map.set(key, group);
  }
  return group;
}

/** Every route of the table, for the `/api/http/routers` debugging view. */
export function allRoutes(table: RouteTable): Route[] {
  const routes: Route[] = [];
  for (const group of [...table.precise.values(), ...table.wildcard.values(), table.hostless]) {
    routes.push(...group.routes);
    for (const d of group.defaults) if (!routes.includes(d)) routes.push(d);
  }
  if (table.catchAll) routes.push(table.catchAll);
  return routes;
}
