// Puts a lab on the cluster: its namespaces, its base/ manifests (images mapped by the runtime),
// the Deployments ready, then the lab's own setup.ts steps. Also applies solution/ for demos.
import { existsSync } from 'node:fs';
import { type KubeClient, type KubeObject, loadManifests, sortForApply } from '@workshop/kube';
import type { ClusterRuntime, LabSetup, LabSetupContext, Progress, RuntimeStatus } from '@workshop/runtime';
import { $ } from 'zx';
import { CliError } from '../errors.ts';
import { importLabModule } from './lab-module.ts';
import type { Lab } from './load.ts';

export interface LabTarget {
  lab: Lab;
  runtime: ClusterRuntime;
  status: RuntimeStatus;
  kube: KubeClient;
  progress: Progress;
}

export function labNamespaces(target: LabTarget): string[] {
  return target.lab.namespaces.map((ns) => target.runtime.namespace(ns));
}

export async function createNamespaces(target: LabTarget): Promise<void> {
  const { lab, runtime, kube, progress } = target;
  const names = labNamespaces(target);
  await progress.step(`Creating namespace${names.length > 1 ? 's' : ''} ${names.join(', ')}`, async () => {
    for (const name of names)
      await kube.ensureNamespace(name, { ...runtime.namespaceLabels(), 'workshop.dev/lab': lab.id });
  });
}

export async function deleteNamespaces(target: LabTarget): Promise<void> {
  const names = labNamespaces(target);
  await target.progress.step(
    `Deleting namespace${names.length > 1 ? 's' : ''} ${names.join(', ')}`,
    async () => {
      for (const name of names) await target.kube.deleteNamespace(name, { timeoutMs: 120_000 });
    },
  );
}

/**
 * A lab that routes through the ingress entry point starts alone on it: the Ingresses other labs
 * left behind are deleted (their files stay in labs/), since host-less rules of two labs would route
 * each other's requests. Only the namespaces of this checkout's labs, as the runtime maps them, are
 * touched, never another learner's on a shared cluster.
 */
export async function removeOtherLabsIngresses(target: LabTarget, labs: readonly Lab[]): Promise<void> {
  if (!target.lab.policy.allowedKinds.includes('Ingress')) return;
  const mine = new Set(labNamespaces(target));
  const others = [
    ...new Set(labs.flatMap((lab) => lab.namespaces.map((ns) => target.runtime.namespace(ns)))),
  ].filter((ns) => !mine.has(ns));
  const found: KubeObject[] = [];
  for (const namespace of others) {
    found.push(...(await target.kube.list('networking.k8s.io/v1', 'Ingress', { namespace }).catch(() => [])));
  }
  if (found.length === 0) return;
  const names = found.map((i) => `${i.metadata.namespace}/${i.metadata.name}`).join(', ');
  await target.progress.step(
    `Removing other labs' Ingresses from the shared entry point (${names}); their files stay as they are`,
    async () => {
      for (const ingress of found) {
        await target.kube.delete({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          name: ingress.metadata.name ?? '',
          namespace: ingress.metadata.namespace,
        });
      }
    },
  );
}

/** Reads a lab's manifests and maps namespaces and images for the runtime. */
export function labObjects(target: LabTarget, dir: string): KubeObject[] {
  const { lab, runtime } = target;
  const primary = runtime.namespace(lab.namespaces[0] ?? 'default');
  return sortForApply(
    loadManifests([dir]).map(({ object }) => {
      const copy = structuredClone(object);
      const ns = copy.metadata.namespace;
      if (ns && lab.namespaces.includes(ns)) copy.metadata.namespace = runtime.namespace(ns);
      else if (!ns && copy.kind !== 'Namespace') copy.metadata.namespace = primary;
      mapImages(copy, runtime);
      return copy;
    }),
  );
}

function mapImages(object: KubeObject, runtime: ClusterRuntime): void {
  const spec = object.spec as ({ template?: { spec?: PodSpec } } & PodSpec) | undefined;
  const podSpec = object.kind === 'Pod' ? spec : spec?.template?.spec;
  for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
    if (c.image) c.image = runtime.image(c.image);
  }
}
type PodSpec = { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> };

/** Applies a folder of manifests into the lab's namespaces and waits for its Deployments. */
export async function applyFolder(target: LabTarget, dir: string, title: string): Promise<void> {
  if (!existsSync(dir)) return;
  const objects = labObjects(target, dir);
  if (!objects.length) return;
  await target.progress.step(title, async () => {
    const results = await target.kube.apply(objects, { fieldManager: 'workshop-lab' });
    for (const r of results) if (r.action !== 'unchanged') target.progress.info(`${r.ref} ${r.action}`);
  });
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  if (deployments.length) {
    await target.progress.step(
      `Waiting for ${deployments.map((d) => `Deployment ${d.metadata.name}`).join(', ')}`,
      async () => {
        for (const d of deployments) {
          await target.kube.waitForDeploymentAvailable(d.metadata.namespace ?? '', d.metadata.name ?? '', {
            timeoutMs: 180_000,
          });
        }
      },
    );
  }
}

/** Runs labs/<lab>/setup.ts's `setup(ctx)`, if the lab has one. */
export async function runLabScript(target: LabTarget): Promise<void> {
  const { lab } = target;
  if (!existsSync(lab.paths.setup)) return;
  const module = (await importLabModule(lab.paths.setup)) as { setup?: LabSetup };
  if (typeof module.setup !== 'function') {
    throw new CliError(
      `${lab.shown}/setup.ts must export an async function setup(ctx); it exports ${Object.keys(module).join(', ') || 'nothing'}`,
    );
  }
  const namespaces = labNamespaces(target);
  const ctx: LabSetupContext = {
    id: lab.id,
    dir: lab.dir,
    kube: target.kube,
    namespace: namespaces[0] ?? 'default',
    namespaces,
    runtime: target.runtime,
    status: target.status,
    step: (title, fn) => target.progress.step(title, fn),
    info: (message) => target.progress.info(message),
    $: $({ quiet: true, env: { ...process.env, KUBECONFIG: target.status.kubeconfig } }),
  };
  await module.setup(ctx);
}
