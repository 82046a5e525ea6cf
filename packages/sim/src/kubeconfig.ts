// The kubeconfig a sim cluster hands out: cluster, user and context all named `workshop-sim`,
// a bearer token (kubectl only sends it over TLS), and insecure-skip-tls-verify because the API
// serves a self-signed certificate; kubectl and client-node accept the same file.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export const CONTEXT_NAME = 'workshop-sim';

export function kubeconfigYaml(options: { server: string; token: string; namespace?: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT_NAME, cluster: { server: options.server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: CONTEXT_NAME, user: { token: options.token } }],
    contexts: [
      {
        name: CONTEXT_NAME,
        context: {
          cluster: CONTEXT_NAME,
          user: CONTEXT_NAME,
          ...(options.namespace ? { namespace: options.namespace } : {}),
        },
      },
    ],
    'current-context': CONTEXT_NAME,
    preferences: {},
  });
}

/** Writes the kubeconfig with owner-only permissions (it holds the token). */
export async function writeKubeconfig(
  path: string,
  options: { server: string; token: string; namespace?: string },
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeconfigYaml(options), { mode: 0o600 });
}
