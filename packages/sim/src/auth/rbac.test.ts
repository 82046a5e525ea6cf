import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { requestAttributes } from './attributes.ts';
import { authorize, forbidden, type PolicyRule, type PolicySource, rulesFor } from './rbac.ts';
import { ADMIN_USER, serviceAccountUser } from './user.ts';

const RBAC = 'rbac.authorization.k8s.io/v1';
const ana = serviceAccountUser('workshop-learners', 'ana');
const bo = serviceAccountUser('workshop-learners', 'bo');

function role(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules };
}
function clusterRole(name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules };
}
function binding(
  namespace: string | undefined,
  name: string,
  roleRef: { kind: string; name: string },
  subjects: Array<{ kind: string; name: string; namespace?: string }>,
): KubeObject {
  return {
    apiVersion: RBAC,
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

function policy(objects: KubeObject[]): PolicySource {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    role: (ns, name) => of('Role').find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    clusterRole: (name) => of('ClusterRole').find((r) => r.metadata.name === name),
    roleBindings: (ns) => of('RoleBinding').filter((b) => b.metadata.namespace === ns),
    clusterRoleBindings: () => of('ClusterRoleBinding'),
  };
}

/** The decision on an HTTP request, as the API server would take it. */
function may(source: PolicySource, user = ana, method: string, path: string): boolean {
  return authorize(user, requestAttributes(method, new URL(path, 'https://sim.invalid')), source).allowed;
}

const anaInHerNamespace = binding('ana-lab-01', 'ana', { kind: 'ClusterRole', name: 'learner' }, [
  { kind: 'ServiceAccount', name: 'ana', namespace: 'workshop-learners' },
]);
const learner = clusterRole('learner', [
  { apiGroups: [''], resources: ['services', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch', 'create'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
]);

describe('RBAC rules', () => {
  const source = policy([learner, anaInHerNamespace]);

  it('matches verbs, API groups and resources, wildcards included', () => {
    expect(may(source, ana, 'GET', '/api/v1/namespaces/ana-lab-01/services')).toBe(true);
    expect(may(source, ana, 'POST', '/api/v1/namespaces/ana-lab-01/services')).toBe(true);
    expect(may(source, ana, 'DELETE', '/api/v1/namespaces/ana-lab-01/services/web')).toBe(false);
    expect(may(source, ana, 'DELETE', '/apis/apps/v1/namespaces/ana-lab-01/deployments/api')).toBe(true);
    // The same plural in another group is another resource.
    expect(may(source, ana, 'GET', '/apis/example.com/v1/namespaces/ana-lab-01/services')).toBe(false);
    expect(may(source, ana, 'GET', '/api/v1/namespaces/ana-lab-01/secrets')).toBe(false);
  });

  it('treats a subresource as its own resource: pods does not give pods/proxy, */proxy does', () => {
    expect(may(source, ana, 'GET', '/api/v1/namespaces/ana-lab-01/pods/web/log')).toBe(true);
    expect(may(source, ana, 'GET', '/api/v1/namespaces/ana-lab-01/pods/web/proxy/healthz')).toBe(false);
    const star = policy([
      clusterRole('learner', [{ apiGroups: [''], resources: ['*/proxy'], verbs: ['get'] }]),
      anaInHerNamespace,
    ]);
    expect(may(star, ana, 'GET', '/api/v1/namespaces/ana-lab-01/pods/web/proxy/healthz')).toBe(true);
    expect(may(star, ana, 'GET', '/api/v1/namespaces/ana-lab-01/pods/web')).toBe(false);
  });

  it('grants a ClusterRole bound by a RoleBinding only in that RoleBinding’s namespace', () => {
    expect(may(source, ana, 'GET', '/api/v1/namespaces/bo-lab-01/services')).toBe(false);
    expect(may(source, ana, 'GET', '/api/v1/services')).toBe(false);
    expect(may(source, bo, 'GET', '/api/v1/namespaces/ana-lab-01/services')).toBe(false);
  });

  it('limits a rule with resourceNames to those names, and never to lists or creates', () => {
    const named = policy([
      role('ana-lab-01', 'one', [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'], verbs: ['get', 'list'] },
      ]),
      binding('ana-lab-01', 'one', { kind: 'Role', name: 'one' }, [
        { kind: 'ServiceAccount', name: 'ana', namespace: 'workshop-learners' },
      ]),
    ]);
    expect(may(named, ana, 'GET', '/api/v1/namespaces/ana-lab-01/configmaps/app')).toBe(true);
    expect(may(named, ana, 'GET', '/api/v1/namespaces/ana-lab-01/configmaps/other')).toBe(false);
    expect(may(named, ana, 'GET', '/api/v1/namespaces/ana-lab-01/configmaps')).toBe(false);
    // kubectl get configmap app -w lists with a field selector naming it.
    expect(
      may(named, ana, 'GET', '/api/v1/namespaces/ana-lab-01/configmaps?fieldSelector=metadata.name%3Dapp'),
    ).toBe(true);
  });

  it('lets a Role in a namespace govern that Namespace object itself, and nothing cluster-wide', () => {
    const own = policy([
      role('ana-lab-01', 'ns', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'patch'] }]),
      binding('ana-lab-01', 'ns', { kind: 'Role', name: 'ns' }, [
        { kind: 'ServiceAccount', name: 'ana', namespace: 'workshop-learners' },
      ]),
    ]);
    expect(may(own, ana, 'GET', '/api/v1/namespaces/ana-lab-01')).toBe(true);
    expect(may(own, ana, 'PATCH', '/api/v1/namespaces/ana-lab-01')).toBe(true);
    expect(may(own, ana, 'DELETE', '/api/v1/namespaces/ana-lab-01')).toBe(false);
    expect(may(own, ana, 'GET', '/api/v1/namespaces')).toBe(false);
    expect(may(own, ana, 'GET', '/api/v1/namespaces/bo-lab-01')).toBe(false);
  });

  it('matches User, Group and ServiceAccount subjects (a ServiceAccount defaults to the binding’s namespace)', () => {
    const reader = clusterRole('reader', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list'] }]);
    const byGroup = policy([
      reader,
      binding(undefined, 'all', { kind: 'ClusterRole', name: 'reader' }, [
        { kind: 'Group', name: 'system:serviceaccounts:workshop-learners' },
      ]),
    ]);
    expect(may(byGroup, bo, 'GET', '/apis/networking.k8s.io/v1/ingressclasses')).toBe(true);
    expect(may(byGroup, bo, 'POST', '/apis/networking.k8s.io/v1/ingressclasses')).toBe(false);
    const byUser = policy([
      reader,
      binding(undefined, 'u', { kind: 'ClusterRole', name: 'reader' }, [
        { kind: 'User', name: ana.username },
      ]),
    ]);
    expect(may(byUser, ana, 'GET', '/api/v1/nodes')).toBe(true);
    expect(may(byUser, bo, 'GET', '/api/v1/nodes')).toBe(false);
    const sameNamespace = policy([
      reader,
      binding('workshop-learners', 'sa', { kind: 'ClusterRole', name: 'reader' }, [
        { kind: 'ServiceAccount', name: 'ana' },
      ]),
    ]);
    expect(may(sameNamespace, ana, 'GET', '/api/v1/namespaces/workshop-learners/pods')).toBe(true);
  });

  it('gives every authenticated user discovery and self-reviews, and the admin everything', () => {
    const none = policy([]);
    expect(may(none, ana, 'GET', '/api')).toBe(true);
    expect(may(none, ana, 'GET', '/apis/apps/v1')).toBe(true);
    expect(may(none, ana, 'GET', '/openapi/v3/api/v1')).toBe(true);
    expect(may(none, ana, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).toBe(true);
    expect(may(none, ana, 'GET', '/metrics')).toBe(false);
    expect(may(none, ADMIN_USER, 'DELETE', '/api/v1/namespaces/kube-system')).toBe(true);
    expect(may(none, ADMIN_USER, 'GET', '/metrics')).toBe(true);
  });

  it('asks for create on exec, attach and port-forward, whatever the method', () => {
    const getOnly = policy([
      clusterRole('learner', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }]),
      anaInHerNamespace,
    ]);
    expect(may(getOnly, ana, 'GET', '/api/v1/namespaces/ana-lab-01/pods/web/exec?command=ls')).toBe(false);
  });
});

describe('refusals', () => {
  const source = policy([learner, anaInHerNamespace]);
  const refuse = (method: string, path: string, user = ana) => {
    const attributes = requestAttributes(method, new URL(path, 'https://sim.invalid'));
    const decision = authorize(user, attributes, source);
    expect(decision.allowed).toBe(false);
    return forbidden(user, attributes, decision.reason);
  };

  it('says who cannot do what, where, in the API server’s words', () => {
    const list = refuse('GET', '/api/v1/namespaces/bo-lab-01/services');
    expect(list.code).toBe(403);
    expect(list.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'services is forbidden: User "system:serviceaccount:workshop-learners:ana" cannot list resource "services" in API group "" in the namespace "bo-lab-01"',
      reason: 'Forbidden',
      details: { kind: 'services' },
      code: 403,
    });
    expect(refuse('DELETE', '/apis/networking.k8s.io/v1/namespaces/bo-lab-01/ingresses/web').message).toBe(
      'ingresses.networking.k8s.io "web" is forbidden: User "system:serviceaccount:workshop-learners:ana" cannot delete resource "ingresses" in API group "networking.k8s.io" in the namespace "bo-lab-01"',
    );
    expect(refuse('GET', '/api/v1/nodes').message).toBe(
      'nodes is forbidden: User "system:serviceaccount:workshop-learners:ana" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    expect(refuse('GET', '/api/v1/namespaces/bo-lab-01/pods/web/log').message).toBe(
      'pods "web" is forbidden: User "system:serviceaccount:workshop-learners:ana" cannot get resource "pods/log" in API group "" in the namespace "bo-lab-01"',
    );
    expect(refuse('GET', '/metrics').message).toBe(
      'forbidden: User "system:serviceaccount:workshop-learners:ana" cannot get path "/metrics"',
    );
  });

  it('names a binding whose role does not exist after the refusal', () => {
    const broken = policy([
      binding('ana-lab-01', 'ana', { kind: 'Role', name: 'gone' }, [
        { kind: 'ServiceAccount', name: 'ana', namespace: 'workshop-learners' },
      ]),
    ]);
    const attributes = requestAttributes(
      'GET',
      new URL('https://sim.invalid/api/v1/namespaces/ana-lab-01/pods'),
    );
    const decision = authorize(ana, attributes, broken);
    expect(decision).toEqual({
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    });
    expect(forbidden(ana, attributes, decision.reason).message).toMatch(
      /in the namespace "ana-lab-01": RBAC: role\.rbac\.authorization\.k8s\.io "gone" not found$/,
    );
  });

  it('says which binding allowed a request', () => {
    const attributes = requestAttributes(
      'GET',
      new URL('https://sim.invalid/api/v1/namespaces/ana-lab-01/pods'),
    );
    expect(authorize(ana, attributes, source).reason).toBe(
      'RBAC: allowed by RoleBinding "ana/ana-lab-01" of ClusterRole "learner" to ServiceAccount "ana/workshop-learners"',
    );
  });

  it('lists a user’s rules in a namespace (kubectl auth can-i --list)', () => {
    const { rules } = rulesFor(ana, 'ana-lab-01', source);
    expect(rules).toEqual(expect.arrayContaining(learner.rules));
    expect(rulesFor(ana, 'bo-lab-01', source).rules).not.toEqual(expect.arrayContaining(learner.rules));
  });
});
