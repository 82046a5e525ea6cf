// Host header handling: hosts compare case-insensitively without the port, and a wildcard rule
// `*.foo.com` covers exactly one extra leading label (spec §"Hostname wildcards", Traefik the same).

/** The host part of a Host header (or SNI name), lower-cased, without port or trailing dot. */
export function normalizeHost(header: string | undefined): string {
  if (!header) return '';
  let host = header.trim().toLowerCase();
  if (host.startsWith('[')) {
    // IPv6 literal: [::1]:8080
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && /^\d*$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** The suffix a wildcard rule would need to cover this host: `bar.foo.com` → `foo.com`. */
export function wildcardSuffix(host: string): string | undefined {
  const dot = host.indexOf('.');
  if (dot <= 0 || dot === host.length - 1) return undefined;
  return host.slice(dot + 1);
}

export function isWildcardHost(ruleHost: string): boolean {
  return ruleHost.startsWith('*.');
}

/** Whether a rule host (precise or `*.suffix`) covers a request host. */
export function hostMatches(ruleHost: string, requestHost: string): boolean {
  const rule = ruleHost.toLowerCase();
  const host = normalizeHost(requestHost);
  if (isWildcardHost(rule)) return wildcardSuffix(host) === rule.slice(2);
  return rule === host;
}
