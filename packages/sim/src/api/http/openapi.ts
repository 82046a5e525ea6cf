// OpenAPI v3 as far as kubectl needs it to hand validation to the server: per group-version
// documents whose PATCH operations carry x-kubernetes-group-version-kind and a fieldValidation
// parameter (toolchain-and-kubectl.md §6). Schemas are not served, so `kubectl explain` is not supported.
import { createHash } from 'node:crypto';
import { groupVersion, RESOURCE_TYPES, servedGroupVersions } from '../../resources.ts';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string' },
  uniqueItems: true,
}));

export function groupVersionDocument(group: string, version: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    const base = `/${gvPath(group, version)}`;
    const item = type.namespaced
      ? `${base}/namespaces/{namespace}/${type.plural}/{name}`
      : `${base}/${type.plural}/{name}`;
    const gvk = { group, version, kind: type.kind };
    const operation = (verb: string) => ({
      operationId: `${verb}${type.kind}`,
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
      parameters: QUERY_PARAMS,
      responses: { '200': { description: 'OK' } },
    });
    paths[item] = {
      get: operation('get'),
      put: operation('put'),
      patch: operation('patch'),
      delete: operation('delete'),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.33.1-sim' },
    paths,
    components: { schemas: {} },
  };
}

function hashOf(value: unknown): string {
  return createHash('sha512').update(JSON.stringify(value)).digest('hex').slice(0, 128).toUpperCase();
}

export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of servedGroupVersions()) {
    const path = gvPath(group, version);
    paths[path] = {
      serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(groupVersionDocument(group, version))}`,
    };
  }
  return { paths };
}

/** `api/v1` or `apis/apps/v1` from the rest of an /openapi/v3/ URL. */
export function documentForPath(rest: string): Record<string, unknown> | undefined {
  const parts = rest.split('/').filter((p) => p !== '');
  if (parts[0] === 'api' && parts.length === 2) return groupVersionDocument('', parts[1] ?? '');
  if (parts[0] === 'apis' && parts.length === 3) return groupVersionDocument(parts[1] ?? '', parts[2] ?? '');
  return undefined;
}

export { groupVersion };
