// How a Pod's stub resolver turns a name into the FQDNs it asks for, as glibc/musl do with the
// resolv.conf the kubelet writes for dnsPolicy ClusterFirst (search <ns>.svc.<zone> svc.<zone> <zone>, ndots:5).
import { CLUSTER_DOMAIN } from '../core/network.ts';

export const NDOTS = 5;

/** The `search` line of a Pod's resolv.conf for dnsPolicy ClusterFirst. */
export function searchDomains(namespace: string, zone = CLUSTER_DOMAIN): string[] {
  return [`${namespace}.svc.${zone}`, `svc.${zone}`, zone];
}

/**
 * The absolute names (no trailing dot, lower case) a resolver queries, in order, for `name`.
 * A trailing dot makes the name absolute; a name with at least `ndots` dots is tried as-is first
 * and then with the search suffixes; a shorter one is tried with every suffix and last as-is.
 */
export function candidateNames(
  name: string,
  namespace: string,
  zone = CLUSTER_DOMAIN,
  ndots = NDOTS,
): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.')) return [lower.slice(0, -1)];
  const dots = lower.split('.').length - 1;
  const expanded = searchDomains(namespace, zone).map((suffix) => `${lower}.${suffix}`);
  return dots >= ndots ? [lower, ...expanded] : [...expanded, lower];
}

/** True when an absolute name lies inside the cluster's zone, i.e. the cluster DNS is authoritative for it. */
export function inClusterZone(fqdn: string, zone = CLUSTER_DOMAIN): boolean {
  const lower = fqdn.toLowerCase().replace(/\.$/, '');
  return lower === zone || lower.endsWith(`.${zone}`);
}
