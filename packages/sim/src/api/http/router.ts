// Maps a URL path onto the resource it names: type, namespace, name, subresource and, for the
// proxy subresource, the remaining path. Unknown paths are undefined (→ 404 Status).
import type { ResourceType } from '../../core/types.ts';
import { findByPlural } from '../../resources.ts';

export interface ResourceRoute {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** For `…/proxy/<rest>`: everything after `proxy`, starting with `/` (may be empty). */
  proxyPath?: string;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A resource path's segments (without the leading slash) as its API group, version and the
 * segments after them: `api/v1/...` is the core group, `apis/<group>/<version>/...` any other.
 */
export function splitApiPath(
  parts: string[],
): { group: string; version: string; rest: string[] } | undefined {
  if (parts[0] === 'api' && parts.length >= 3)
    return { group: '', version: parts[1] ?? '', rest: parts.slice(2) };
  if (parts[0] === 'apis' && parts.length >= 4)
    return { group: parts[1] ?? '', version: parts[2] ?? '', rest: parts.slice(3) };
  return undefined;
}

export function routeResource(pathname: string): ResourceRoute | undefined {
  const split = splitApiPath(pathname.split('/').slice(1));
  if (!split) return undefined;
  const { group, version } = split;
  let { rest } = split;

  // `/proxy/` keeps its tail verbatim (it may contain encoded characters and empty segments).
  const proxyIndex = rest[0] === 'namespaces' && rest[4] === 'proxy' ? 4 : rest[2] === 'proxy' ? 2 : -1;
  let proxyPath: string | undefined;
  if (proxyIndex >= 0) {
    proxyPath = `/${rest.slice(proxyIndex + 1).join('/')}`;
    rest = rest.slice(0, proxyIndex + 1);
  }
  if (rest.length > 0 && rest[rest.length - 1] === '' && proxyPath === undefined) rest = rest.slice(0, -1);
  const segments = rest.map(decode);

  let namespace: string | undefined;
  if (
    segments[0] === 'namespaces' &&
    segments.length >= 3 &&
    !['status', 'finalize'].includes(segments[2] ?? '')
  ) {
    namespace = segments[1];
    segments.splice(0, 2);
  }
  const [plural, name, subresource, ...extra] = segments;
  if (!plural || extra.length > 0) return undefined;
  const type = findByPlural(group, version, plural);
  if (!type) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  if (subresource !== undefined) {
    const allowed = [...(type.subresources ?? []), ...(type.kind === 'Namespace' ? ['finalize'] : [])];
    if (!allowed.includes(subresource)) return undefined;
  }
  return {
    type,
    namespace,
    name,
    subresource,
    proxyPath: subresource === 'proxy' ? (proxyPath ?? '/') : undefined,
  };
}
