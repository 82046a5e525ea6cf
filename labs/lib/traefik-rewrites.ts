// What Traefik does to a request's path before the backend sees it, predicted from stored objects:
// the Ingress's router.middlewares annotation and the Middlewares (traefik.io/v1alpha1) it names.
// A check uses the prediction to wait until the controller has picked a submission up (it reloads a
// moment after a change), and to say why a request got no backend (a router whose middleware is
// missing is not built). Implements the path middlewares: stripPrefix, stripPrefixRegex, replacePath,
// replacePathRegex and addPrefix; Go regular expressions and `${1}` templates as Traefik reads them.
import type { KubeObject } from '@workshop/kube';

export const MIDDLEWARES_ANNOTATION = 'traefik.ingress.kubernetes.io/router.middlewares';

/** `<namespace>-<name>@kubernetescrd`: how an Ingress annotation names a Middleware object. */
export function middlewareRef(namespace: string, name: string): string {
  return `${namespace}-${name}@kubernetescrd`;
}

/** The references in an Ingress's router.middlewares annotation, in order. */
export function middlewareRefs(ingress: KubeObject): string[] {
  const value = ingress.metadata.annotations?.[MIDDLEWARES_ANNOTATION] ?? '';
  return value
    .split(',')
    .map((ref) => ref.trim())
    .filter(Boolean);
}

export type PathPrediction =
  /** The router is built and the backend sees this path. */
  | { path: string }
  /** Traefik builds no router for the Ingress path: its requests get the controller's 404. */
  | { noRouter: string }
  /** A middleware this module does not model (headers, redirects, …). */
  | { unknown: string };

type Rewrite = (path: string) => string;

/** A Go (RE2) pattern as JavaScript: `(?P<name>…)` → `(?<name>…)`, leading `(?i)` → a flag. */
export function goRegexp(pattern: string): RegExp {
  let source = pattern.replace(/\(\?P</g, '(?<');
  let flags = '';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline?.[1]) {
    flags = [...inline[1]].filter((f) => 'ims'.includes(f)).join('');
    source = source.slice(inline[0].length);
  }
  return new RegExp(source, flags);
}

/** Go's Regexp.Expand: `$$`, `$1`, `${1}`, `$name`, `${name}` (a bare name is the longest word run). */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_, dollar: string, braced?: string, bare?: string) => {
    if (dollar === '$') return '$';
    const name = braced ?? bare ?? '';
    return (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ?? '';
  });
}

function replaceAll(input: string, regex: RegExp, template: string): string {
  const global = new RegExp(regex.source, `${regex.flags}g`);
  let out = '';
  let last = 0;
  for (let m = global.exec(input); m !== null; m = global.exec(input)) {
    out += input.slice(last, m.index) + expand(template, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) global.lastIndex += 1;
  }
  return out + input.slice(last);
}

const withSlash = (path: string) => (path.startsWith('/') ? path : `/${path}`);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The rewrite one Middleware's spec makes, or why it cannot be modelled. */
function rewriteOf(middleware: KubeObject): Rewrite | { noRouter: string } | { unknown: string } {
  const spec = (middleware.spec ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const [type, ...others] = Object.keys(spec);
  const name = `Middleware "${middleware.metadata.name}"`;
  if (!type) return { noRouter: `${name} has no type (an empty spec)` };
  if (others.length) return { unknown: `${name} has several types (${Object.keys(spec).join(', ')})` };
  const config = spec[type] ?? {};
  switch (type) {
    case 'stripPrefix': {
      const prefixes = strings(config.prefixes).filter(Boolean);
      return (path) => {
        const prefix = prefixes.find((p) => path.startsWith(p));
        return prefix === undefined ? path : withSlash(path.slice(prefix.length));
      };
    }
    case 'stripPrefixRegex': {
      const expressions = strings(config.regex).map(goRegexp);
      return (path) => {
        for (const expression of expressions) {
          const match = expression.exec(path);
          if (match?.index === 0 && match[0]) return withSlash(path.slice(match[0].length));
        }
        return path;
      };
    }
    case 'replacePath':
      return () => String(config.path ?? '');
    case 'replacePathRegex': {
      // Traefik trims both, and an empty replacement leaves the path alone.
      const regex = goRegexp(String(config.regex ?? '').trim());
      const replacement = String(config.replacement ?? '').trim();
      return (path) => (replacement && regex.test(path) ? replaceAll(path, regex, replacement) : path);
    }
    case 'addPrefix':
      return (path) => withSlash(String(config.prefix ?? '') + path);
    default:
      return { unknown: `${name} is of type ${type}, which changes more than the path` };
  }
}

/**
 * The path the backend sees for `path` when the router applies `refs` in order, given the
 * Middlewares that exist (with their namespaces). A reference that names no Middleware stops the
 * router from being built, as in Traefik.
 */
export function predictPath(path: string, refs: string[], middlewares: KubeObject[]): PathPrediction {
  const byRef = new Map(
    middlewares.map((m) => [middlewareRef(m.metadata.namespace ?? '', m.metadata.name ?? ''), m]),
  );
  const rewrites: Rewrite[] = [];
  for (const ref of refs) {
    const middleware = byRef.get(ref);
    if (!middleware) return { noRouter: `middleware "${ref}" does not exist` };
    let rewrite: ReturnType<typeof rewriteOf>;
    try {
      rewrite = rewriteOf(middleware);
    } catch (error) {
      // An invalid regular expression: Traefik cannot build the middleware, so not the router either.
      return { noRouter: `Middleware "${middleware.metadata.name}": ${(error as Error).message}` };
    }
    if (typeof rewrite !== 'function') return rewrite;
    rewrites.push(rewrite);
  }
  return { path: rewrites.reduce((p, rewrite) => rewrite(p), path) };
}
