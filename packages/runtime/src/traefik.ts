// Installs the workshop's ingress controller (Traefik v3.7.9, namespace `traefik`) from the manifests
// in manifests/traefik/ — the same files on every runtime — and waits until its Pod is Ready.
import { fileURLToPath } from 'node:url';
import { type KubeClient, loadManifests, sortForApply } from '@workshop/kube';
import type { Progress } from './progress.ts';

export const TRAEFIK_VERSION = 'v3.7.9';
export const TRAEFIK_NAMESPACE = 'traefik';
export const TRAEFIK_MANIFESTS = fileURLToPath(new URL('../manifests/traefik/', import.meta.url));
/** Traefik's own CRDs (traefik.io); a real cluster needs them, the sim serves traefik.io itself. */
export const TRAEFIK_CRDS = fileURLToPath(new URL('../manifests/traefik-crds/', import.meta.url));

export interface InstallTraefikOptions {
  progress: Progress;
  /** Apply manifests/traefik-crds/ first (kind, existing). */
  crds: boolean;
  timeoutMs?: number;
}

export async function installTraefik(kube: KubeClient, options: InstallTraefikOptions): Promise<void> {
  const { progress } = options;
  if (options.crds) {
    await progress.step('Installing Traefik CRDs (traefik.io)', async () => {
      const crds = loadManifests([TRAEFIK_CRDS]).map((l) => l.object);
      await kube.apply(crds, { fieldManager: 'workshop-runtime' });
      // A CRD must be Established before objects of its kind can be written or listed.
      for (const crd of crds) {
        await kube.waitFor(
          `CustomResourceDefinition ${crd.metadata.name} to be Established`,
          async () => {
            const stored = await kube.get({
              apiVersion: crd.apiVersion,
              kind: crd.kind,
              name: crd.metadata.name ?? '',
            });
            const conditions = (
              stored?.status as { conditions?: Array<{ type: string; status: string }> } | undefined
            )?.conditions;
            const established = conditions?.some((c) => c.type === 'Established' && c.status === 'True');
            return established
              ? { done: true, value: undefined }
              : { done: false, seen: 'not Established yet' };
          },
          { timeoutMs: 60_000 },
        );
      }
    });
  }
  await progress.step(`Installing Traefik ${TRAEFIK_VERSION} (namespace ${TRAEFIK_NAMESPACE})`, async () => {
    const objects = sortForApply(loadManifests([TRAEFIK_MANIFESTS]).map((l) => l.object));
    await kube.apply(objects, { fieldManager: 'workshop-runtime' });
  });
  await progress.step('Waiting for Traefik to be ready', () =>
    kube.waitForDeploymentAvailable(TRAEFIK_NAMESPACE, 'traefik', {
      timeoutMs: options.timeoutMs ?? 180_000,
    }),
  );
}
