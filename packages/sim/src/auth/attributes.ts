// What a request asks to do, in the terms RBAC rules speak: a verb, and either a resource (API
// group, resource, subresource, namespace, name) or a non-resource path. Worked out from the URL the
// way the API server's request-info step does, before the route is known to exist, so a request for
// something unserved is still authorized first (403 before 404, as on a real cluster).
import { splitApiPath } from '../api/http/router.ts';

export interface ResourceAttributes {
  resourceRequest: true;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** '' for cluster-scoped requests. A Namespace's own URL carries its name here. */
  namespace: string;
  /** '' for collections (list, watch, create, deletecollection) unless a field selector names one. */
  name: string;
}

export interface NonResourceAttributes {
  resourceRequest: false;
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

/** Subresources of a Namespace's URL that stay the Namespace's (not a resource inside it). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
/** Subresources that open a stream: they need `create`, whatever the HTTP method (as since 1.31). */
const STREAM_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

export function requestAttributes(method: string, url: URL): RequestAttributes {
  const path = url.pathname;
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  const upper = method.toUpperCase();
  const nonResource = (): NonResourceAttributes => ({
    resourceRequest: false,
    verb: upper.toLowerCase(),
    path,
  });

  const split = splitApiPath(parts);
  if (!split) return nonResource();
  const { group: apiGroup, version: apiVersion } = split;
  let rest = split.rest.map(decodeSegment);

  let verb = METHOD_VERBS[upper];
  if (!verb) return nonResource();
  // The deprecated /watch/ prefix: GET /api/v1/watch/namespaces/x/pods.
  if (rest[0] === 'watch' && upper === 'GET') {
    verb = 'watch';
    rest = rest.slice(1);
  }

  let namespace = '';
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      namespace = rest[1] ?? '';
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
    }
  }
  const resource = rest[0] ?? '';
  let name = rest[1] ?? '';
  const subresource = rest[2] ?? '';

  if (!name && verb === 'get') {
    const watch = url.searchParams.get('watch');
    verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
  }
  if (!name && verb === 'delete') verb = 'deletecollection';
  if (!name && (verb === 'list' || verb === 'watch')) {
    // `kubectl get pod web -w` lists with metadata.name=web: a rule limited to that name allows it.
    const selected = /(?:^|,)metadata\.name==?([^,]+)/.exec(url.searchParams.get('fieldSelector') ?? '');
    if (selected?.[1]) name = selected[1];
  }
  if (STREAM_SUBRESOURCES.has(subresource) && resource === 'pods') verb = 'create';

  return { resourceRequest: true, verb, apiGroup, apiVersion, resource, subresource, namespace, name };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
