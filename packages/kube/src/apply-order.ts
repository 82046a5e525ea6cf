// The order kubectl-like tools apply a set of objects in: things others live in or refer to first
// (Namespaces, CRDs, identities, RBAC, config), workloads after, routing last.

const ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Secret',
  'ConfigMap',
  'Service',
  'Deployment',
  'ReplicaSet',
  'Pod',
  'IngressClass',
  'Middleware',
  'Ingress',
];

/** A stable sort by kind: known kinds in the order above, unknown kinds after them, input order kept. */
export function sortForApply<T extends { kind: string }>(objects: T[]): T[] {
  const rank = (kind: string) => {
    const i = ORDER.indexOf(kind);
    return i < 0 ? ORDER.length : i;
  };
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.index - b.index)
    .map((entry) => entry.object);
}
