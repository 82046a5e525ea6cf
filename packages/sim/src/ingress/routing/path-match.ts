// Ingress path matching (networking.k8s.io/v1): Exact is byte-wise equality, Prefix compares
// `/`-separated elements, so `/foo` matches `/foo/x` but not `/foox`. This is what Traefik does with
// `providers.kubernetesingress.strictPrefixMatching=true`; without it Traefik uses a plain string prefix.

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

/** The non-empty elements of a path: a trailing (or doubled) slash adds none. */
export function pathElements(path: string): string[] {
  return path.split('/').filter((element) => element !== '');
}

export interface PathMatchOptions {
  /** Element-wise Prefix matching (the spec); false gives Traefik's default string prefix. */
  strictPrefix: boolean;
}

/**
 * How well `rulePath` matches `requestPath`: undefined when it does not, otherwise the number of
 * path elements it covers (the spec's "longest match"). Exact matches report Infinity so that
 * they always beat a Prefix, as the spec asks.
 */
export function matchPath(
  pathType: PathType,
  rulePath: string | undefined,
  requestPath: string,
  options: PathMatchOptions,
): number | undefined {
  // An empty path (allowed only for ImplementationSpecific) has no path matcher in Traefik: all paths.
  if (rulePath === undefined || rulePath === '') return 0;
  if (pathType === 'Exact') return requestPath === rulePath ? Number.POSITIVE_INFINITY : undefined;
  // ImplementationSpecific: Traefik's default matcher is PathPrefix, so it behaves as Prefix here.
  if (!options.strictPrefix) {
    // Ranked by string length, the way Traefik ranks routers by rule length.
    return requestPath.startsWith(rulePath) ? rulePath.length : undefined;
  }
  const rule = pathElements(rulePath);
  const request = pathElements(requestPath);
  if (rule.length > request.length) return undefined;
  for (let i = 0; i < rule.length; i++) {
    if (rule[i] !== request[i]) return undefined;
  }
  return rule.length;
}
