// Installs the workshop's ingress controller (Traefik v3.7.9, namespace `traefik`) from the manifests
// in manifests/traefik/ — the same files on every runtime — and waits until its Pod is Ready.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KubeClient, loadManifests, sortForApply } from '@workshop/kube';
import type { Progress } from './progress.ts';

export const TRAEFIK_VERSION = 'v3.7.9';
export const TRAEFIK_NAMESPACE = 'traefik';
export const TRAEFIK_MANIFESTS = fileURLToPath(new URL('../manifests/traefik/', import.meta.url));
/** Traefik's own CRDs (traefik.io); a real cluster needs them, the sim serves traefik.io itself. */
export const TRAEFIK_CRDS = fileURLToPath(new URL('../manifests/traefik-crds/', import.meta.url));

/** The annotation on the traefik Namespace that records which manifests were applied. */
export const TRAEFIK_MANIFESTS_ANNOTATION = 'workshop.io/traefik-manifests-sha256';

export interface InstallTraefikOptions {
  progress: Progress;
  /** Apply manifests/traefik-crds/ first (kind, existing). */
  crds: boolean;
  timeoutMs?: number;
  /**
   * Skip applying when the cluster already runs these very manifests (the hash recorded on the
   * traefik Namespace matches, and the Deployment exists): a reused kind cluster is not re-applied
   * on every `lab start`. Readiness is still awaited.
   */
  skipWhenUnchanged?: boolean;
}

/** sha256 over every manifest file (name and content) that installTraefik applies. */
export function traefikManifestsHash(crds: boolean): string {
  const hash = createHash('sha256');
  for (const dir of crds ? [TRAEFIK_CRDS, TRAEFIK_MANIFESTS] : [TRAEFIK_MANIFESTS]) {
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      hash
        .update(`${name}\0`)
        .update(readFileSync(join(dir, name)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

export async function installTraefik(kube: KubeClient, options: InstallTraefikOptions): Promise<void> {
  const { progress } = options;
  const hash = traefikManifestsHash(options.crds);
  if (options.skipWhenUnchanged) {
    const namespace = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: TRAEFIK_NAMESPACE });
    const deployment = await kube.get({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'traefik',
      namespace: TRAEFIK_NAMESPACE,
    });
    if (namespace?.metadata.annotations?.[TRAEFIK_MANIFESTS_ANNOTATION] === hash && deployment) {
      progress.info(
        `Traefik ${TRAEFIK_VERSION} is installed from the same manifests; not applying them again`,
      );
      await progress.step('Waiting for Traefik to be ready', () =>
        kube.waitForDeploymentAvailable(TRAEFIK_NAMESPACE, 'traefik', {
          timeoutMs: options.timeoutMs ?? 180_000,
        }),
      );
      return;
    }
  }
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
    // Recorded once everything applied, so a half-done install is never taken for a done one.
    const namespace = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === TRAEFIK_NAMESPACE);
    if (namespace) {
      const annotated = structuredClone(namespace);
      annotated.metadata.annotations = {
        ...annotated.metadata.annotations,
        [TRAEFIK_MANIFESTS_ANNOTATION]: hash,
      };
      await kube.apply([annotated], { fieldManager: 'workshop-runtime' });
    }
  });
  await progress.step('Waiting for Traefik to be ready', () =>
    kube.waitForDeploymentAvailable(TRAEFIK_NAMESPACE, 'traefik', {
      timeoutMs: options.timeoutMs ?? 180_000,
    }),
  );
}
