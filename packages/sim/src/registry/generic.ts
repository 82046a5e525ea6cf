// Kinds without rules of their own (ServiceAccount, RBAC, Events, Nodes, Traefik's CRDs, ...):
// strict decoding against their schema and the metadata rules their names follow.
import type { ResourceStrategy } from '../core/strategy.ts';
import { path, toInvalid } from './field-errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './metadata.ts';
import type { NameRule } from './names.ts';
import { unknownFields } from './strict-decode.ts';

const CLUSTER_SCOPED = new Set([
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
]);

export function genericStrategy(group: string, kind: string): ResourceStrategy {
  const nameRule: NameRule = group === 'rbac.authorization.k8s.io' ? 'path-segment' : 'dns1123-subdomain';
  const meta = { namespaced: !CLUSTER_SCOPED.has(kind), nameRule };
  return {
    unknownFields,
    validateCreate: (o) =>
      toInvalid(kind, group, o.metadata.name ?? '', validateObjectMeta(o.metadata, meta, path('metadata'))),
    validateUpdate: (o, old) =>
      toInvalid(kind, group, o.metadata.name ?? '', [
        ...validateObjectMetaUpdate(o.metadata, old.metadata, path('metadata')),
        ...validateObjectMeta(o.metadata, meta, path('metadata')),
      ]),
  };
}
