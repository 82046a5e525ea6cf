// Learners on one sim through the real kubectl: the admin makes a ServiceAccount per learner and a
// RoleBinding in each learner's namespace, `kubectl create token` gives each a token, and with it a
// learner works in their own namespace and gets the API server's Forbidden everywhere else.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;

const policy = `apiVersion: v1
kind: Namespace
metadata: {name: learners}
---
apiVersion: v1
kind: Namespace
metadata: {name: ana-lab-01}
---
apiVersion: v1
kind: Namespace
metadata: {name: bo-lab-01}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ana, namespace: learners}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: bo, namespace: learners}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: learner}
rules:
- apiGroups: [""]
  resources: [services, pods, pods/log]
  verbs: [get, list, watch, create, update, patch, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ana, namespace: ana-lab-01}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: learner}
subjects: [{kind: ServiceAccount, name: ana, namespace: learners}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bo, namespace: bo-lab-01}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: learner}
subjects: [{kind: ServiceAccount, name: bo, namespace: learners}]
`;

const service = (ns: string) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  ports: [{port: 80}]
`;

/** kubectl as a learner: the admin's kubeconfig with the learner's token instead of the admin's. */
async function as(
  learner: string,
): Promise<(args: string[], input?: string) => Promise<{ code: number; stdout: string; stderr: string }>> {
  const token = (
    await t.kubectl(['create', 'token', learner, '-n', 'learners', '--duration', '2h'])
  ).stdout.trim();
  const server = (
    await t.kubectl(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'])
  ).stdout;
  const kubeconfig = join(t.dir, `${learner}.kubeconfig`);
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: sim, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]
users: [{name: ${learner}, user: {token: "${token}"}}]
contexts: [{name: ${learner}, context: {cluster: sim, user: ${learner}, namespace: ${learner}-lab-01}}]
current-context: ${learner}
`,
  );
  return (args, input) => t.kubectl(['--kubeconfig', kubeconfig, ...args], { allowFailure: true, input });
}

beforeAll(async () => {
  t = await startTestCluster();
  await t.kubectl(['apply', '-f', '-'], { input: policy });
}, 60_000);
afterAll(() => t?.stop());

describe('RBAC for ServiceAccount tokens', () => {
  it('lets a learner work in their own namespace and refuses the others with the API server’s message', async () => {
    const ana = await as('ana');
    const created = await ana(['apply', '-f', '-'], service('ana-lab-01'));
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('service/web created\n');
    expect((await ana(['get', 'services', '-o', 'name'])).stdout).toBe('service/web\n');

    const other = await ana(['get', 'services', '-n', 'bo-lab-01']);
    expect(other.code).toBe(1);
    expect(other.stderr.trim()).toBe(
      'Error from server (Forbidden): services is forbidden: User "system:serviceaccount:learners:ana" cannot list resource "services" in API group "" in the namespace "bo-lab-01"',
    );
    const write = await ana(['apply', '-f', '-'], service('bo-lab-01'));
    expect(write.code).toBe(1);
    expect(write.stderr).toContain(
      'services "web" is forbidden: User "system:serviceaccount:learners:ana" cannot get resource "services" in API group "" in the namespace "bo-lab-01"',
    );
    const nodes = await ana(['get', 'nodes']);
    expect(nodes.stderr.trim()).toBe(
      'Error from server (Forbidden): nodes is forbidden: User "system:serviceaccount:learners:ana" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    // Nothing in bo's namespace was created by ana.
    expect((await t.kubectl(['get', 'services', '-n', 'bo-lab-01', '-o', 'name'])).stdout).toBe('');
  });

  it('answers auth can-i and whoami for the learner who asks', async () => {
    const bo = await as('bo');
    expect((await bo(['auth', 'can-i', 'create', 'services'])).stdout).toBe('yes\n');
    expect((await bo(['auth', 'can-i', 'create', 'services', '-n', 'ana-lab-01'])).stdout).toBe('no\n');
    expect((await bo(['auth', 'can-i', 'list', 'secrets'])).stdout).toBe('no\n');
    expect((await bo(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).stdout).toBe(
      'system:serviceaccount:learners:bo',
    );
  });

  it('refuses a token once its ServiceAccount is deleted, and any made-up token', async () => {
    const ana = await as('ana');
    await t.kubectl(['delete', 'serviceaccount', 'ana', '-n', 'learners']);
    const refused = await ana(['get', 'services']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    const madeUp = await ana(['get', 'services', '--token', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl']);
    expect(madeUp.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    // The admin keeps full access throughout.
    expect((await t.kubectl(['get', 'services', '-n', 'ana-lab-01', '-o', 'name'])).stdout).toBe(
      'service/web\n',
    );
  });
});
