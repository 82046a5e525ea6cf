// Loads a kubeconfig (a file and, optionally, a context in it) into client-node's KubeConfig, with
// errors that say which file and context were expected and what to do about it.
import { existsSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfigModule } from './client-node-config.ts';

export interface KubeconfigOptions {
  /** Path of the kubeconfig file; when absent, $KUBECONFIG or ~/.kube/config (as kubectl does). */
  kubeconfigPath?: string;
  /** Context to use; when absent, the file's current-context. */
  context?: string;
}

/**
 * Loaded on first use, and only the kubeconfig module (bundled once, see client-node-config.ts): the
 * package's index pulls in every generated API class and costs seconds of start-up.
 */
export async function loadKubeConfig(options: KubeconfigOptions = {}): Promise<KubeConfig> {
  const { KubeConfig } = await loadKubeConfigModule();
  const kc = new KubeConfig();
  const { kubeconfigPath, context } = options;
  if (kubeconfigPath) {
    if (!existsSync(kubeconfigPath)) {
      throw new Error(
        `kubeconfig ${kubeconfigPath} does not exist; start the cluster first (npx lab cluster up) or pass the right path`,
      );
    }
    try {
      kc.loadFromFile(kubeconfigPath);
    } catch (error) {
      throw new Error(`kubeconfig ${kubeconfigPath} could not be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  } else {
    try {
      kc.loadFromDefault();
    } catch (error) {
      throw new Error(`the default kubeconfig could not be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const source = kubeconfigPath ?? 'the default kubeconfig';
  if (context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(context)) {
      throw new Error(
        `context "${context}" is not in ${source}; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no contexts'}`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new Error(
      `${source} has no current cluster (current-context is "${kc.getCurrentContext() || ''}"); pass a context that exists`,
    );
  }
  return kc;
}
