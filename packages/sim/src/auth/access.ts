// Who may do what on the sim's API server: the bearer token names the user (the workshop's admin
// token, or a ServiceAccount token from the TokenRequest API), then RBAC decides on the request,
// reading Roles, ClusterRoles and their bindings from the sim's own store as they are now.
import type { IncomingHttpHeaders } from 'node:http';
import type { RestStorage } from '../api/rest/types.ts';
import { type KubeObject, StatusError } from '../core/types.ts';
import { findByKind } from '../resources.ts';
import type { RequestAttributes } from './attributes.ts';
import { authorize, type Decision, forbidden, type PolicySource } from './rbac.ts';
import { ServiceAccountTokens } from './tokens.ts';
import { ADMIN_USER, type UserInfo } from './user.ts';

export const UNAUTHORIZED = () => new StatusError(401, 'Unauthorized', 'Unauthorized');

export interface AccessControl {
  /** The user the request's bearer token names; throws 401 Unauthorized for none or a bad one. */
  authenticate(headers: IncomingHttpHeaders): UserInfo;
  /** RBAC's decision on one request. */
  decide(user: UserInfo, attributes: RequestAttributes): Decision;
  /** Throws the API server's 403 Forbidden Status when RBAC does not allow the request. */
  check(user: UserInfo, attributes: RequestAttributes): void;
  tokens: ServiceAccountTokens;
  policy: PolicySource;
}

function typeOf(kind: string, apiVersion = 'rbac.authorization.k8s.io/v1') {
  const type = findByKind(apiVersion, kind);
  if (!type) throw new Error(`the sim serves no ${kind}`);
  return type;
}

function getOrUndefined(read: () => KubeObject): KubeObject | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof StatusError && error.code === 404) return undefined;
    throw error;
  }
}

/** Roles and bindings as the store holds them. */
export function storePolicy(rest: RestStorage): PolicySource {
  const role = typeOf('Role');
  const clusterRole = typeOf('ClusterRole');
  const roleBinding = typeOf('RoleBinding');
  const clusterRoleBinding = typeOf('ClusterRoleBinding');
  return {
    role: (namespace, name) => getOrUndefined(() => rest.get(role, namespace, name)),
    clusterRole: (name) => getOrUndefined(() => rest.get(clusterRole, undefined, name)),
    roleBindings: (namespace) => rest.list(roleBinding, namespace).items,
    clusterRoleBindings: () => rest.list(clusterRoleBinding, undefined).items,
  };
}

export function createAccessControl(options: { adminToken: string; rest: RestStorage }): AccessControl {
  const serviceAccount = typeOf('ServiceAccount', 'v1');
  const tokens = new ServiceAccountTokens((namespace, name) =>
    getOrUndefined(() => options.rest.get(serviceAccount, namespace, name)),
  );
  const policy = storePolicy(options.rest);
  const decide = (user: UserInfo, attributes: RequestAttributes) => authorize(user, attributes, policy);
  return {
    tokens,
    policy,
    authenticate(headers) {
      const header = headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw UNAUTHORIZED();
      const token = match[1];
      if (token === options.adminToken) return ADMIN_USER;
      const user = tokens.verify(token);
      if (!user) throw UNAUTHORIZED();
      return user;
    },
    decide,
    check(user, attributes) {
      const decision = decide(user, attributes);
      if (!decision.allowed) throw forbidden(user, attributes, decision.reason);
    },
  };
}
