// The RBAC authorizer: a request is allowed when some rule of a role bound to its user allows it.
// ClusterRoleBindings grant their ClusterRole everywhere; a RoleBinding grants its Role, or a
// ClusterRole's rules, inside its own namespace only. There is no deny: what no rule allows is
// forbidden, and the 403 says who could not do what, in the API server's words. Bindings to roles
// that do not exist are skipped and named after the refusal (`RBAC: role… "x" not found`).
//
// Not modelled: aggregated ClusterRoles (no controller fills their rules here) and the escalation
// check on writing roles and bindings (only the workshop's admin writes them).
import { type KubeObject, StatusError } from '../core/types.ts';
import type { RequestAttributes } from './attributes.ts';
import type { UserInfo } from './user.ts';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

/** Where roles and bindings come from (the sim's store, or fixed lists in tests). */
export interface PolicySource {
  role(namespace: string, name: string): KubeObject | undefined;
  clusterRole(name: string): KubeObject | undefined;
  roleBindings(namespace: string): KubeObject[];
  clusterRoleBindings(): KubeObject[];
}

export interface Decision {
  allowed: boolean;
  /** Why: the binding that allowed it, or the broken bindings met on the way (may be ''). */
  reason: string;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * The policy every cluster is born with (kubeadm's and the API server's bootstrap roles), built in
 * so it cannot be deleted: the admin group is cluster-admin; every authenticated user may read
 * discovery, the version and health, and ask what it may do itself.
 */
const BUILT_IN_CLUSTER_ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
  'system:discovery': [
    {
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
      verbs: ['get'],
    },
  ],
  'system:basic-user': [
    {
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      verbs: ['create'],
    },
    { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
  ],
  'system:public-info-viewer': [
    { nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] },
  ],
};

const BUILT_IN_BINDINGS: KubeObject[] = [
  clusterBinding('kubeadm:cluster-admins', 'cluster-admin', {
    kind: 'Group',
    name: 'kubeadm:cluster-admins',
  }),
  clusterBinding('system:discovery', 'system:discovery', { kind: 'Group', name: 'system:authenticated' }),
  clusterBinding('system:basic-user', 'system:basic-user', { kind: 'Group', name: 'system:authenticated' }),
  clusterBinding('system:public-info-viewer', 'system:public-info-viewer', {
    kind: 'Group',
    name: 'system:authenticated',
  }),
];

function clusterBinding(name: string, role: string, subject: Subject): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC_GROUP, ...subject }],
  };
}

function builtInClusterRole(name: string): KubeObject | undefined {
  const rules = BUILT_IN_CLUSTER_ROLES[name];
  return rules
    ? { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name }, rules }
    : undefined;
}

function matches(values: string[] | undefined, wanted: string): boolean {
  return (values ?? []).some((v) => v === '*' || v === wanted);
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`),
  );
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))),
  );
}

/** Whether one rule allows the request: verb, and group, resource and name (or the path). */
export function ruleAllows(rule: PolicyRule, attributes: RequestAttributes): boolean {
  if (!matches(rule.verbs, attributes.verb)) return false;
  if (!attributes.resourceRequest) return nonResourceURLMatches(rule, attributes.path);
  if (!matches(rule.apiGroups, attributes.apiGroup)) return false;
  if (!resourceMatches(rule, attributes.resource, attributes.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(attributes.name);
}

/** Whether a binding's subject is this user (a ServiceAccount defaults to the binding's namespace). */
export function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== '' && user.username === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount')
    return `${subject.kind} "${subject.name}/${subject.namespace || bindingNamespace}"`;
  return `${subject.kind} "${subject.name}"`;
}

interface Grant {
  binding: KubeObject;
  subject: Subject;
  roleKind: string;
  roleName: string;
  rules: PolicyRule[];
}

/**
 * Every grant that applies to the user for requests in `namespace` ('' = cluster-wide only): the
 * cluster bindings first, then that namespace's RoleBindings. Broken references go to `errors`.
 */
function grantsFor(user: UserInfo, namespace: string, source: PolicySource, errors: string[]): Grant[] {
  const grants: Grant[] = [];
  const clusterRole = (name: string) => source.clusterRole(name) ?? builtInClusterRole(name);
  const visit = (binding: KubeObject, bindingNamespace: string) => {
    const subjects = (binding.subjects ?? []) as Subject[];
    const subject = subjects.find((s) => subjectMatches(s, user, bindingNamespace));
    if (!subject) return;
    const ref = (binding.roleRef ?? {}) as RoleRef;
    const role =
      ref.kind === 'Role' && bindingNamespace
        ? source.role(bindingNamespace, ref.name)
        : ref.kind === 'ClusterRole'
          ? clusterRole(ref.name)
          : undefined;
    if (!role) {
      errors.push(`${ref.kind === 'Role' ? 'role' : 'clusterrole'}.${RBAC_GROUP} "${ref.name}" not found`);
      return;
    }
    grants.push({
      binding,
      subject,
      roleKind: ref.kind,
      roleName: ref.name,
      rules: (role.rules ?? []) as PolicyRule[],
    });
  };
  for (const binding of [...BUILT_IN_BINDINGS, ...source.clusterRoleBindings()]) visit(binding, '');
  if (namespace) for (const binding of source.roleBindings(namespace)) visit(binding, namespace);
  return grants;
}

function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

export function authorize(user: UserInfo, attributes: RequestAttributes, source: PolicySource): Decision {
  const errors: string[] = [];
  const namespace = attributes.resourceRequest ? attributes.namespace : '';
  for (const grant of grantsFor(user, namespace, source, errors)) {
    if (!grant.rules.some((rule) => ruleAllows(rule, attributes))) continue;
    const binding = grant.binding;
    const bindingName =
      binding.kind === 'RoleBinding'
        ? `RoleBinding "${binding.metadata.name}/${binding.metadata.namespace}"`
        : `ClusterRoleBinding "${binding.metadata.name}"`;
    return {
      allowed: true,
      reason: `RBAC: allowed by ${bindingName} of ${grant.roleKind} "${grant.roleName}" to ${describeSubject(grant.subject, binding.metadata.namespace ?? '')}`,
    };
  }
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
}

/** The rules that apply to the user in a namespace (`kubectl auth can-i --list`). */
export function rulesFor(
  user: UserInfo,
  namespace: string,
  source: PolicySource,
): { rules: PolicyRule[]; errors: string[] } {
  const errors: string[] = [];
  const rules = grantsFor(user, namespace, source, errors).flatMap((g) => g.rules);
  return { rules, errors };
}

/** `User "u" cannot list resource "pods" in API group "" in the namespace "ns"`, the authorizer's sentence. */
export function forbiddenSentence(user: UserInfo, attributes: RequestAttributes): string {
  if (!attributes.resourceRequest)
    return `User "${user.username}" cannot ${attributes.verb} path "${attributes.path}"`;
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
  return `User "${user.username}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.apiGroup}" ${scope}`;
}

/** The 403 Status the API server answers a refused request with. */
export function forbidden(user: UserInfo, attributes: RequestAttributes, reason = ''): StatusError {
  const sentence = forbiddenSentence(user, attributes) + (reason ? `: ${reason}` : '');
  if (!attributes.resourceRequest) return new StatusError(403, 'Forbidden', `forbidden: ${sentence}`, {});
  const qualified = attributes.apiGroup
    ? `${attributes.resource}.${attributes.apiGroup}`
    : attributes.resource;
  const message = attributes.name
    ? `${qualified} "${attributes.name}" is forbidden: ${sentence}`
    : `${qualified} is forbidden: ${sentence}`;
  return new StatusError(403, 'Forbidden', message, {
    ...(attributes.name ? { name: attributes.name } : {}),
    ...(attributes.apiGroup ? { group: attributes.apiGroup } : {}),
    kind: attributes.resource,
  });
}
