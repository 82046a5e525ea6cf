import { describe, expect, it } from 'vitest';
import { loadKubeConfigModule } from './client-node-config.ts';

describe('loadKubeConfigModule', () => {
  it("gives client-node's KubeConfig class, which reads a kubeconfig and its current cluster", async () => {
    const { KubeConfig } = await loadKubeConfigModule();
    const kc = new KubeConfig();
    kc.loadFromString(
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    const options: { headers?: Record<string, string> } = {};
    await kc.applyToHTTPSOptions(options);
    expect(options.headers?.Authorization).toBe('Bearer t');
  });

  it('loads the module once per process', async () => {
    expect(await loadKubeConfigModule()).toBe(await loadKubeConfigModule());
  });
});
