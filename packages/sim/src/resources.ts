// The catalog of REST resources the sim serves: discovery, routing and the in-process client all
// read it, so a kind that is absent here is absent everywhere (kubectl then says "no matches for kind").
import type { ResourceRef } from './core/client.ts';
import type { ResourceType } from './core/types.ts';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(
  group: string,
  version: string,
  kind: string,
  plural: string,
  extra: Partial<ResourceType> & { namespaced?: boolean } = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: extra.namespaced ?? true,
    verbs: ALL_VERBS,
    ...extra,
  };
}

const SERVED: ResourceType[] = [
  resource('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  resource('', 'v1', 'Node', 'nodes', { namespaced: false, shortNames: ['no'], subresources: ['status'] }),
  resource('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log', 'proxy', 'exec', 'attach', 'portforward'],
  }),
  resource('', 'v1', 'Service', 'services', {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status', 'proxy'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  resource('', 'v1', 'Endpoints', 'endpoints', { shortNames: ['ep'], singular: 'endpoints' }),
  resource('', 'v1', 'Secret', 'secrets'),
  resource('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  resource('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  resource('', 'v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  resource('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  resource('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  resource('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices'),
  resource('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    subresources: ['status'],
  }),
  resource('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', { namespaced: false }),
  resource('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  resource('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  resource('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', { namespaced: false }),
  resource('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', {
    namespaced: false,
  }),
  resource('traefik.io', 'v1alpha1', 'Middleware', 'middlewares'),
  resource('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', {
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
  }),
  // Questions, not objects: answered on create and never stored (api/http/reviews.ts).
  resource('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
  resource('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
  resource('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
];

/**
 * Every type served right now: the built-in ones, then those of established CustomResourceDefinitions
 * (src/apiextensions/serving.ts adds and removes them). One catalog per process: a type stays
 * served while any cluster of the process serves it.
 */
export const RESOURCE_TYPES: readonly ResourceType[] = SERVED;

const servedBy = new Map<string, number>();
const typeId = (t: ResourceType) => `${t.group}/${t.version}/${t.plural}`;

/** Serves custom resource types (reference-counted across the clusters of the process). */
export function addServedTypes(types: readonly ResourceType[]): void {
  for (const type of types) {
    const id = typeId(type);
    const count = servedBy.get(id) ?? 0;
    servedBy.set(id, count + 1);
    const at = SERVED.findIndex((t) => typeId(t) === id);
    if (at < 0) SERVED.push(type);
    else if (count > 0) SERVED[at] = type;
  }
}

/** Undoes one addServedTypes of these types; the last one removes them from the catalog. */
export function removeServedTypes(types: readonly ResourceType[]): void {
  for (const type of types) {
    const id = typeId(type);
    const count = servedBy.get(id) ?? 0;
    if (count <= 1) {
      servedBy.delete(id);
      const at = SERVED.findIndex((t) => typeId(t) === id && t.customResource);
      if (at >= 0) SERVED.splice(at, 1);
    } else servedBy.set(id, count - 1);
  }
}

/** `apps/v1` for a group/version, `v1` for core. */
export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The group of an apiVersion string (`''` for core `v1`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** A stable key for one resource type (used by the store). */
export function typeKey(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${type.group}/${type.plural}`;
}

export function findByPlural(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
}

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.kind === kind);
}

/** Resolves a ResourceRef (apiVersion+kind, or a ResourceType) to the served type, or throws. */
export function resolveRef(ref: ResourceRef): ResourceType {
  if ('plural' in ref) return ref;
  const type = findByKind(ref.apiVersion, ref.kind);
  if (!type) {
    throw new Error(
      `the sim serves no kind "${ref.kind}" in version "${ref.apiVersion}"; served kinds are ${RESOURCE_TYPES.map((t) => `${groupVersion(t)}/${t.kind}`).join(', ')}`,
    );
  }
  return type;
}

/** The group-versions the sim serves, in discovery order (core first). */
export function servedGroupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(groupVersion(t), { group: t.group, version: t.version });
  return [...seen.values()];
}

/** Kinds that carry a spec whose changes bump metadata.generation. */
export function hasSpec(object: { spec?: unknown }): boolean {
  return object.spec !== undefined;
}
