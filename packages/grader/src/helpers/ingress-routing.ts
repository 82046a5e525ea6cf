// Which backend an Ingress sends a request to, by the Kubernetes spec: rules for the request's host
// (exact host, then a one-label wildcard, then host-less rules); inside them any Exact match beats
// every Prefix, and the Prefix with the most path elements wins. A grader uses the prediction to
// tell when the ingress controller has loaded the Ingress as it is stored now.

export interface IngressBackend {
  service: string;
  port: { number?: number; name?: string };
}

interface PathShape {
  path?: string;
  pathType?: string;
  backend?: { service?: { name?: string; port?: { number?: number; name?: string } } };
}

interface IngressSpec {
  defaultBackend?: PathShape['backend'];
  rules?: Array<{ host?: string; http?: { paths?: PathShape[] } }>;
}

/** `/kube/` → `['kube']`; empty elements (`//`, a trailing `/`) do not count, as in the spec. */
function elements(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Prefix matching, element by element: `/kube` matches `/kube/x`, not `/kubex`. */
export function prefixMatches(rule: string, path: string): boolean {
  const want = elements(rule);
  const got = elements(path);
  return want.length <= got.length && want.every((element, i) => got[i] === element);
}

function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost.startsWith('*.')) return ruleHost.toLowerCase() === host.toLowerCase();
  const [first, ...rest] = host.toLowerCase().split('.');
  return !!first && rest.join('.') === ruleHost.slice(2).toLowerCase();
}

function toBackend(backend: PathShape['backend']): IngressBackend | undefined {
  const service = backend?.service;
  return service?.name ? { service: service.name, port: { ...service.port } } : undefined;
}

/** One path of an Ingress, as `explainRoute` saw it. */
export interface PathVerdict {
  host: string;
  path: string;
  pathType: string;
  backend?: IngressBackend;
  /** Why it was taken or passed over, in one short phrase. */
  why: string;
}

export interface RouteExplanation {
  backend?: IngressBackend;
  /** The path that routed the request, or undefined (default backend, or nothing). */
  matched?: PathVerdict;
  /** `rule host "a.example"`, `wildcard rule "*.example"`, `host-less rule`, or undefined. */
  hostGroup?: string;
  viaDefaultBackend: boolean;
  /** The paths that were passed over, with the reason. */
  misses: PathVerdict[];
}

/**
 * How the spec routes `host` + `path` through one Ingress, with the reason for every path that was
 * passed over. `ImplementationSpecific` is read as Prefix, which is what Traefik does.
 */
export function explainRoute(ingress: object, path: string, host = ''): RouteExplanation {
  const spec = (ingress as { spec?: IngressSpec }).spec;
  const rules = spec?.rules ?? [];
  const exactHost = rules.filter((r) => r.host && !r.host.startsWith('*.') && hostMatches(r.host, host));
  const wildcard = rules.filter((r) => r.host?.startsWith('*.') && hostMatches(r.host, host));
  const hostless = rules.filter((r) => !r.host);
  const groups = [
    { rules: exactHost, name: `rule host "${exactHost[0]?.host}"` },
    { rules: wildcard, name: `wildcard rule "${wildcard[0]?.host}"` },
    { rules: hostless, name: 'host-less rule' },
  ];
  const group = groups.find((g) => g.rules.length > 0);
  const chosen = group?.rules ?? [];
  const verdict = (rule: { host?: string }, p: PathShape, why: string): PathVerdict => ({
    host: rule.host ?? '*',
    path: p.path ?? '/',
    pathType: p.pathType ?? 'ImplementationSpecific',
    backend: toBackend(p.backend),
    why,
  });
  const misses: PathVerdict[] = [];
  for (const rule of rules) {
    if (chosen.includes(rule)) continue;
    const why = hostMatches(rule.host ?? '', host)
      ? `host ${rule.host} matches, but a more specific host rule wins`
      : `host ${rule.host} is not the request's host ${host || '(none)'}`;
    for (const p of rule.http?.paths ?? []) misses.push(verdict(rule, p, why));
  }
  const candidates = chosen.flatMap((rule) => (rule.http?.paths ?? []).map((p) => ({ rule, p })));
  const exact = candidates.find(({ p }) => p.pathType === 'Exact' && p.path === path);
  const prefixes = candidates
    .filter(({ p }) => p.pathType !== 'Exact' && prefixMatches(p.path ?? '/', path))
    .sort((a, b) => elements(b.p.path ?? '/').length - elements(a.p.path ?? '/').length);
  const best = exact ?? prefixes[0];
  let matched: PathVerdict | undefined;
  for (const c of candidates) {
    if (c === best) {
      const why = exact
        ? `Exact path equals ${path}`
        : `Prefix ${c.p.path ?? '/'} matches ${path} element by element, the longest that does`;
      matched = verdict(c.rule, c.p, why);
      continue;
    }
    let why: string;
    if (c.p.pathType === 'Exact') why = `Exact path ${c.p.path} is not ${path}`;
    else if (!prefixMatches(c.p.path ?? '/', path))
      why = `Prefix ${c.p.path} does not match ${path} (whole path elements only)`;
    else if (exact) why = `Prefix ${c.p.path} matches, but an Exact path wins`;
    else why = `Prefix ${c.p.path} matches, but a longer prefix wins`;
    misses.push(verdict(c.rule, c.p, why));
  }
  if (matched)
    return { backend: matched.backend, matched, hostGroup: group?.name, viaDefaultBackend: false, misses };
  // The default backend catches what no path claims (for this Ingress's hosts, or everything).
  const fallback = chosen.length > 0 || rules.length === 0 ? toBackend(spec?.defaultBackend) : undefined;
  return { backend: fallback, hostGroup: group?.name, viaDefaultBackend: !!fallback, misses };
}

/**
 * The backend the spec routes `host` + `path` to, or undefined when nothing matches (the controller
 * answers 404).
 */
export function routeFor(ingress: object, path: string, host = ''): IngressBackend | undefined {
  return explainRoute(ingress, path, host).backend;
}
