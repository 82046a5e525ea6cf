// The "who am I, what may I do" questions kubectl asks (`kubectl auth can-i`, `auth can-i --list`,
// `auth whoami`). The sim is a single-user cluster whose one user is the admin (bound to
// cluster-admin, as kind's kubeconfig user is), and RBAC objects are stored but not enforced, so
// every question about that user is answered yes: that is what the same kubeconfig gets on kind.
import type { KubeObject, ResourceType } from '../../core/types.ts';
import { badRequest } from '../../core/types.ts';

const USER = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

function envelope(type: ResourceType, body: KubeObject | undefined): KubeObject {
  return {
    kind: type.kind,
    apiVersion: `${type.group}/${type.version}`,
    metadata: { creationTimestamp: null },
    spec: body?.spec ?? {},
  } as unknown as KubeObject;
}

export function answerReview(type: ResourceType, body: KubeObject | undefined): KubeObject {
  const review = envelope(type, body);
  if (type.kind === 'SelfSubjectAccessReview') {
    const spec = (body?.spec ?? {}) as { resourceAttributes?: unknown; nonResourceAttributes?: unknown };
    if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
      throw badRequest(
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      );
    }
    return {
      ...review,
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"',
      },
    } as KubeObject;
  }
  if (type.kind === 'SelfSubjectRulesReview') {
    return {
      ...review,
      status: {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    } as KubeObject;
  }
  return { ...review, spec: undefined, status: { userInfo: USER } } as unknown as KubeObject;
}
