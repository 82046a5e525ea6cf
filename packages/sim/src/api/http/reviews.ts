// The "who am I, what may I do" questions kubectl asks (`kubectl auth can-i`, `auth can-i --list`,
// `auth whoami`), answered for the user who asks by the same RBAC that decides on requests: the
// workshop's admin is cluster-admin (as kind's kubeconfig user is), a ServiceAccount gets what its
// bindings give it.
import type { RequestAttributes } from '../../auth/attributes.ts';
import { authorize, type PolicySource, rulesFor } from '../../auth/rbac.ts';
import type { UserInfo } from '../../auth/user.ts';
import type { KubeObject, ResourceType } from '../../core/types.ts';
import { badRequest } from '../../core/types.ts';

function envelope(type: ResourceType, body: KubeObject | undefined): KubeObject {
  return {
    kind: type.kind,
    apiVersion: `${type.group}/${type.version}`,
    metadata: { creationTimestamp: null },
    spec: body?.spec ?? {},
  } as unknown as KubeObject;
}

interface ReviewSpec {
  resourceAttributes?: {
    namespace?: string;
    verb?: string;
    group?: string;
    resource?: string;
    subresource?: string;
    name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
  namespace?: string;
}

export function answerReview(
  type: ResourceType,
  body: KubeObject | undefined,
  user: UserInfo,
  policy: PolicySource,
): KubeObject {
  const review = envelope(type, body);
  const spec = (body?.spec ?? {}) as ReviewSpec;
  if (type.kind === 'SelfSubjectAccessReview') {
    if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
      throw badRequest(
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      );
    }
    const r = spec.resourceAttributes;
    const attributes: RequestAttributes = r
      ? {
          resourceRequest: true,
          verb: r.verb ?? '',
          apiGroup: r.group ?? '',
          apiVersion: '',
          resource: r.resource ?? '',
          subresource: r.subresource ?? '',
          namespace: r.namespace ?? '',
          name: r.name ?? '',
        }
      : {
          resourceRequest: false,
          verb: spec.nonResourceAttributes?.verb ?? '',
          path: spec.nonResourceAttributes?.path ?? '',
        };
    const decision = authorize(user, attributes, policy);
    return {
      ...review,
      status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
    } as KubeObject;
  }
  if (type.kind === 'SelfSubjectRulesReview') {
    const { rules, errors } = rulesFor(user, spec.namespace ?? '', policy);
    const resourceRules = rules
      .filter((rule) => (rule.resources ?? []).length > 0)
      .map(({ verbs, apiGroups, resources, resourceNames }) => ({
        verbs: verbs ?? [],
        ...(apiGroups ? { apiGroups } : {}),
        ...(resources ? { resources } : {}),
        ...(resourceNames?.length ? { resourceNames } : {}),
      }));
    const nonResourceRules = rules
      .filter((rule) => (rule.nonResourceURLs ?? []).length > 0)
      .map(({ verbs, nonResourceURLs }) => ({ verbs: verbs ?? [], nonResourceURLs }));
    return {
      ...review,
      status: {
        resourceRules,
        nonResourceRules,
        incomplete: errors.length > 0,
        ...(errors.length ? { evaluationError: errors.join(', ') } : {}),
      },
    } as KubeObject;
  }
  const userInfo = {
    username: user.username,
    ...(user.uid ? { uid: user.uid } : {}),
    groups: user.groups,
    ...(user.extra ? { extra: user.extra } : {}),
  };
  return { ...review, spec: undefined, status: { userInfo } } as unknown as KubeObject;
}
