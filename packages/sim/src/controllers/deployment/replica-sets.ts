// The Deployment's ReplicaSets: which one is new, creating it (named `<deployment>-<hash>`),
// scaling with the ScalingReplicaSet event, revisions and the revisionHistoryLimit cleanup.
import type { ApiClient } from '../../core/client.ts';
import { type KubeObject, StatusError } from '../../core/types.ts';
import { claimObjects } from '../ownership.ts';
import { controllerReferenceTo } from '../pod-utils.ts';
import { DEPLOYMENT, REPLICA_SET } from '../refs.ts';
import { matchesLabelSelector } from '../selector.ts';
import { resolveFenceposts } from './int-or-percent.ts';
import { computeTemplateHash, equalIgnoreHash, TEMPLATE_HASH_LABEL } from './template-hash.ts';

export const SOURCE = 'deployment-controller';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations the controller does not copy onto its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export function desiredReplicas(deployment: KubeObject): number {
  return deployment.spec?.replicas ?? 1;
}

export function replicasOf(set: KubeObject | undefined): number {
  return set?.spec?.replicas ?? 0;
}

export function revisionOf(set: KubeObject): number {
  const value = Number(set.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const time = (o: KubeObject) => Date.parse(o.metadata.creationTimestamp ?? '') || 0;
  return time(a) - time(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** The ReplicaSets this Deployment controls (adopting matching orphans), oldest first. */
export function claimReplicaSets(client: ApiClient, deployment: KubeObject): KubeObject[] {
  const candidates = client.list(REPLICA_SET, deployment.metadata.namespace).items;
  return claimObjects(
    client,
    deployment,
    candidates,
    (set) => matchesLabelSelector(deployment.spec?.selector, set.metadata.labels),
    SOURCE,
  ).sort(byCreation);
}

/** The oldest ReplicaSet whose template equals the Deployment's (FindNewReplicaSet). */
export function findNewReplicaSet(deployment: KubeObject, sets: KubeObject[]): KubeObject | undefined {
  const hash = computeTemplateHash(deployment.spec?.template, deployment.status?.collisionCount);
  return (
    sets.find((set) => equalIgnoreHash(set.spec?.template, deployment.spec?.template)) ??
    // Defaulting can make a stored template differ cosmetically; the hash label still names it.
    sets.find((set) => set.spec?.template?.metadata?.labels?.[TEMPLATE_HASH_LABEL] === hash)
  );
}

export function maxRevision(sets: KubeObject[]): number {
  return sets.reduce((max, set) => Math.max(max, revisionOf(set)), 0);
}

function replicaAnnotations(deployment: KubeObject): Record<string, string> {
  const desired = desiredReplicas(deployment);
  const strategy = deployment.spec?.strategy;
  const surge =
    strategy?.type === 'Recreate'
      ? 0
      : resolveFenceposts(strategy?.rollingUpdate?.maxSurge, strategy?.rollingUpdate?.maxUnavailable, desired)
          .surge;
  return {
    [DESIRED_REPLICAS_ANNOTATION]: String(desired),
    [MAX_REPLICAS_ANNOTATION]: String(desired + surge),
  };
}

function copiedAnnotations(deployment: KubeObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deployment.metadata.annotations ?? {}).filter(([key]) => !NOT_COPIED.has(key)),
  );
}

/**
 * Creates the ReplicaSet for the current template with `replicas` Pods. A name taken by a
 * different template is a hash collision: status.collisionCount goes up and the sync is retried.
 */
export function createNewReplicaSet(
  client: ApiClient,
  deployment: KubeObject,
  revision: number,
  replicas: number,
): KubeObject {
  const hash = computeTemplateHash(deployment.spec?.template, deployment.status?.collisionCount);
  const template = structuredClone(deployment.spec?.template ?? {});
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, [TEMPLATE_HASH_LABEL]: hash },
  };
  const selector = structuredClone(deployment.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [TEMPLATE_HASH_LABEL]: hash };
  const name = `${deployment.metadata.name}-${hash}`;
  const set: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: deployment.metadata.namespace,
      labels: { ...template.metadata.labels },
      annotations: {
        ...copiedAnnotations(deployment),
        ...replicaAnnotations(deployment),
        [REVISION_ANNOTATION]: String(revision),
      },
      ownerReferences: [controllerReferenceTo(deployment)],
    },
    spec: {
      replicas,
      minReadySeconds: deployment.spec?.minReadySeconds ?? 0,
      selector,
      template,
    },
  };
  try {
    const created = client.create(set, { fieldManager: SOURCE });
    if (replicas > 0) {
      client.recordEvent(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${name} from 0 to ${replicas}`,
        SOURCE,
      );
    }
    return created;
  } catch (error) {
    if (!(error instanceof StatusError && error.reason === 'AlreadyExists')) throw error;
    const existing = client.get(REPLICA_SET, deployment.metadata.namespace, name);
    const ours = existing?.metadata.ownerReferences?.some((ref) => ref.uid === deployment.metadata.uid);
    if (existing && ours && equalIgnoreHash(existing.spec?.template, deployment.spec?.template))
      return existing;
    const collisionCount = (deployment.status?.collisionCount ?? 0) + 1;
    client.update(
      { ...deployment, status: { ...deployment.status, collisionCount } },
      { fieldManager: SOURCE, subresource: 'status' },
    );
    throw new StatusError(
      409,
      'Conflict',
      `hash collision for ReplicaSet ${name}; retrying with collisionCount ${collisionCount}`,
      undefined,
      { cause: error },
    );
  }
}

/** Sets a ReplicaSet's size (and its replica annotations); records ScalingReplicaSet when the size changes. */
export function scaleReplicaSet(
  client: ApiClient,
  deployment: KubeObject,
  set: KubeObject,
  replicas: number,
): { scaled: boolean; set: KubeObject } {
  const old = replicasOf(set);
  const annotations = { ...set.metadata.annotations, ...replicaAnnotations(deployment) };
  const annotationsChanged = Object.entries(replicaAnnotations(deployment)).some(
    ([key, value]) => set.metadata.annotations?.[key] !== value,
  );
  if (old === replicas && !annotationsChanged) return { scaled: false, set };
  const updated = client.update(
    { ...set, metadata: { ...set.metadata, annotations }, spec: { ...set.spec, replicas } },
    { fieldManager: SOURCE },
  );
  if (old !== replicas) {
    const direction = old < replicas ? 'up' : 'down';
    client.recordEvent(
      deployment,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${direction} replica set ${set.metadata.name} from ${old} to ${replicas}`,
      SOURCE,
    );
  }
  return { scaled: old !== replicas, set: updated };
}

/**
 * Keeps the new ReplicaSet's revision the highest (a rollback makes an old template new again) and
 * mirrors it on the Deployment's own revision annotation. Returns the possibly updated objects.
 */
export function syncRevision(
  client: ApiClient,
  deployment: KubeObject,
  newSet: KubeObject,
  oldSets: KubeObject[],
): { deployment: KubeObject; newSet: KubeObject } {
  let set = newSet;
  const wanted = maxRevision(oldSets) + 1;
  if (revisionOf(newSet) < wanted) {
    const annotations = { ...set.metadata.annotations, [REVISION_ANNOTATION]: String(wanted) };
    set = client.update({ ...set, metadata: { ...set.metadata, annotations } }, { fieldManager: SOURCE });
  }
  let current = deployment;
  const revision = set.metadata.annotations?.[REVISION_ANNOTATION];
  if (revision && deployment.metadata.annotations?.[REVISION_ANNOTATION] !== revision) {
    current = client.update(
      {
        ...deployment,
        metadata: {
          ...deployment.metadata,
          annotations: { ...deployment.metadata.annotations, [REVISION_ANNOTATION]: revision },
        },
      },
      { fieldManager: SOURCE },
    );
  }
  return { deployment: current, newSet: set };
}

/** Deletes the oldest scaled-down ReplicaSets beyond spec.revisionHistoryLimit (default 10). */
export function cleanupOldReplicaSets(
  client: ApiClient,
  deployment: KubeObject,
  oldSets: KubeObject[],
): void {
  const limit: number = deployment.spec?.revisionHistoryLimit ?? 10;
  const idle = oldSets
    .filter(
      (set) => replicasOf(set) === 0 && (set.status?.replicas ?? 0) === 0 && !set.metadata.deletionTimestamp,
    )
    .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const excess = idle.length - limit;
  for (const set of idle.slice(0, Math.max(0, excess))) {
    client.delete(REPLICA_SET, set.metadata.namespace, set.metadata.name ?? '', {
      preconditionUid: set.metadata.uid,
    });
  }
}

export function freshDeployment(client: ApiClient, deployment: KubeObject): KubeObject | undefined {
  const fresh = client.get(DEPLOYMENT, deployment.metadata.namespace, deployment.metadata.name ?? '');
  return fresh && fresh.metadata.uid === deployment.metadata.uid ? fresh : undefined;
}
