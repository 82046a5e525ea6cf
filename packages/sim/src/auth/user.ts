// Who a request is: the user name and groups the authenticator found, as the API server's
// user.Info holds them and as `kubectl auth whoami` prints them.

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  /** Extra claims a ServiceAccount token carries (the Pod, the credential id), shown by whoami. */
  extra?: Record<string, string[]>;
}

/**
 * The workshop's own user: the token in the sim's kubeconfig. Like kind's kubeconfig user, it is in
 * the kubeadm:cluster-admins group, which the built-in policy binds to cluster-admin.
 */
export const ADMIN_USER: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['kubeadm:cluster-admins', 'system:authenticated'],
};

/** The user a ServiceAccount's token authenticates as, with the groups the API server adds. */
export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    ...(uid ? { uid } : {}),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}
