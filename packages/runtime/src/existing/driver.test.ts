import { type FakeApiServer, startFakeApiServer } from '@workshop/kube/testing/fake-api-server.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExistingRuntime } from './driver.ts';

let api: FakeApiServer;
beforeEach(async () => {
  api = await startFakeApiServer({ context: 'training' });
});
afterEach(() => api.close());

const make = (env: Record<string, string>) =>
  new ExistingRuntime({ repoRoot: '/nowhere', env: { KUBECONFIG: api.kubeconfigPath, ...env } });

describe('ExistingRuntime', () => {
  it('prefixes lab namespaces per learner and images with the registry', () => {
    const runtime = make({ WORKSHOP_NAMESPACE_PREFIX: 'alice-', WORKSHOP_IMAGE_REGISTRY: 'ghcr.io/org/' });
    expect(runtime.namespace('lab-01')).toBe('alice-lab-01');
    expect(runtime.image('workshop/backend:0.1.0')).toBe('ghcr.io/org/workshop/backend:0.1.0');
    expect(runtime.image('traefik:v3.7.9')).toBe('traefik:v3.7.9');
  });

  it('maps every namespace to <learner>-lab-NN with --learner, and refuses a name that is no DNS label', () => {
    const runtime = new ExistingRuntime({
      repoRoot: '/nowhere',
      learner: 'ana',
      env: { KUBECONFIG: api.kubeconfigPath, WORKSHOP_NAMESPACE_PREFIX: 'ignored-' },
    });
    expect(runtime.namespace('lab-01')).toBe('ana-lab-01');
    expect(runtime.namespaceLabels()['workshop.dev/namespace-prefix']).toBe('ana-');
    expect(make({ WORKSHOP_LEARNER: 'bo' }).namespace('lab-05')).toBe('bo-lab-05');
    expect(() => new ExistingRuntime({ repoRoot: '/nowhere', learner: 'Ana Lee', env: {} }).prefix).toThrow(
      `--learner must be lower-case letters, digits and '-'`,
    );
  });

  it('reports the current context and the configured entry points', async () => {
    const status = await make({ WORKSHOP_HTTP_URL: 'http://ingress.training.example' }).status();
    expect(status).toMatchObject({
      runtime: 'existing',
      running: true,
      context: 'training',
      kubeconfig: api.kubeconfigPath,
      http: 'http://ingress.training.example',
    });
  });

  it('deletes only the namespaces it created for this learner on down', async () => {
    const alice = make({ WORKSHOP_NAMESPACE_PREFIX: 'alice-' });
    const kube = await alice.client();
    await kube.ensureNamespace(alice.namespace('lab-01'), alice.namespaceLabels());
    const bob = make({ WORKSHOP_NAMESPACE_PREFIX: 'bob-' });
    await kube.ensureNamespace(bob.namespace('lab-01'), bob.namespaceLabels());
    await alice.down();
    expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'alice-lab-01' })).toBeUndefined();
    expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'bob-lab-01' })).toBeDefined();
  });

  it('names the missing context', async () => {
    const runtime = new ExistingRuntime({
      repoRoot: '/nowhere',
      context: 'prod',
      env: { KUBECONFIG: api.kubeconfigPath },
    });
    await expect(runtime.client()).rejects.toThrow(
      `context "prod" is not in ${api.kubeconfigPath}; it has "training"`,
    );
  });
});
