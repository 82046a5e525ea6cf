// Deployment status: replica counts summed over its ReplicaSets and the Available / Progressing
// conditions with the deployment controller's reasons and messages.
import type { ApiClient } from '../../core/client.ts';
import type { KubeObject } from '../../core/types.ts';
import { type Condition, findCondition, setCondition } from '../conditions.ts';
import type { WorkQueue } from '../work-queue.ts';
import { resolveFenceposts } from './int-or-percent.ts';
import { desiredReplicas, freshDeployment, SOURCE } from './replica-sets.ts';
import { canonicalJson } from './template-hash.ts';

interface Counts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

function maxUnavailable(deployment: KubeObject): number {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') return 0;
  const desired = desiredReplicas(deployment);
  return resolveFenceposts(
    strategy?.rollingUpdate?.maxSurge,
    strategy?.rollingUpdate?.maxUnavailable,
    desired,
  ).unavailable;
}

function countReplicas(deployment: KubeObject, sets: KubeObject[], newSet: KubeObject | undefined): Counts {
  const sum = (field: string) => sets.reduce((total, set) => total + (set.status?.[field] ?? 0), 0);
  const available = sum('availableReplicas');
  return {
    replicas: sum('replicas'),
    updatedReplicas: newSet?.status?.replicas ?? 0,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desiredReplicas(deployment) - available),
  };
}

/** DeploymentComplete: every desired replica is updated and available, and nothing old is left. */
export function isComplete(deployment: KubeObject, counts: Counts): boolean {
  const desired = desiredReplicas(deployment);
  return (
    counts.updatedReplicas === desired &&
    counts.replicas === desired &&
    counts.availableReplicas === desired &&
    (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: the new status shows progress against the stored one. */
function isProgressing(deployment: KubeObject, counts: Counts): boolean {
  const old = deployment.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = counts.replicas - counts.updatedReplicas;
  return (
    counts.updatedReplicas > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    counts.readyReplicas > (old.readyReplicas ?? 0) ||
    counts.availableReplicas > (old.availableReplicas ?? 0)
  );
}

/**
 * Writes status (syncRolloutStatus). When the rollout is stuck, schedules a resync for the moment
 * progressDeadlineSeconds runs out, so ProgressDeadlineExceeded appears without any other event.
 */
export function syncRolloutStatus(
  client: ApiClient,
  queue: WorkQueue,
  deployment: KubeObject,
  sets: KubeObject[],
  newSet: KubeObject | undefined,
): void {
  const current = freshDeployment(client, deployment);
  if (!current) return;
  const counts = countReplicas(current, sets, newSet);
  const now = new Date().toISOString();
  let conditions: Condition[] = current.status?.conditions ?? [];
  const available = counts.availableReplicas >= desiredReplicas(current) - maxUnavailable(current);
  conditions = setCondition(
    conditions,
    available
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastUpdateTime: now,
          lastTransitionTime: now,
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastUpdateTime: now,
          lastTransitionTime: now,
        },
  );
  const deadlineSeconds: number = current.spec?.progressDeadlineSeconds ?? 600;
  const progressing = findCondition(conditions, 'Progressing');
  const setName = newSet?.metadata.name;
  const alreadyComplete =
    counts.replicas === counts.updatedReplicas && progressing?.reason === 'NewReplicaSetAvailable';
  const withObserved = {
    ...current,
    status: { ...current.status, observedGeneration: current.metadata.generation ?? 1 },
  };
  if (!alreadyComplete && !current.spec?.paused) {
    if (isComplete(withObserved, counts)) {
      conditions = setCondition(conditions, {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${setName}" has successfully progressed.`,
        lastUpdateTime: now,
        lastTransitionTime: now,
      });
    } else if (isProgressing(current, counts)) {
      const message = setName
        ? `ReplicaSet "${setName}" is progressing.`
        : `Deployment "${current.metadata.name}" is progressing.`;
      conditions = [
        ...conditions.filter((c) => c.type !== 'Progressing'),
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message,
          lastUpdateTime: now,
          lastTransitionTime: progressing?.status === 'True' ? progressing.lastTransitionTime : now,
        },
      ];
    } else if (progressing && progressing.reason !== 'ProgressDeadlineExceeded') {
      const since = Date.parse(progressing.lastUpdateTime ?? progressing.lastTransitionTime ?? now);
      const deadline = since + deadlineSeconds * 1000;
      if (Date.now() >= deadline) {
        conditions = setCondition(conditions, {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${setName}" has timed out progressing.`,
          lastUpdateTime: now,
          lastTransitionTime: now,
        });
      } else {
        queue.addAfter(`${current.metadata.namespace}/${current.metadata.name}`, deadline - Date.now() + 10);
      }
    }
  }
  const status = {
    ...current.status,
    observedGeneration: current.metadata.generation ?? 1,
    ...counts,
    conditions,
  };
  if (!counts.unavailableReplicas) delete (status as Partial<Counts>).unavailableReplicas;
  if (canonicalJson(status) === canonicalJson(current.status)) return;
  client.update({ ...current, status }, { fieldManager: SOURCE, subresource: 'status' });
}

/** Sets Progressing when a new ReplicaSet is created or found (getNewReplicaSet's conditions). */
export function markNewReplicaSet(
  client: ApiClient,
  deployment: KubeObject,
  setName: string,
  created: boolean,
): KubeObject {
  const current = freshDeployment(client, deployment) ?? deployment;
  const progressing = findCondition(current.status?.conditions, 'Progressing');
  if (!created && progressing) return current;
  const now = new Date().toISOString();
  const conditions = setCondition(current.status?.conditions, {
    type: 'Progressing',
    status: 'True',
    reason: created ? 'NewReplicaSetCreated' : 'FoundNewReplicaSet',
    message: created ? `Created new replica set "${setName}"` : `Found new replica set "${setName}"`,
    lastUpdateTime: now,
    lastTransitionTime: now,
  });
  return client.update(
    { ...current, status: { ...current.status, conditions } },
    { fieldManager: SOURCE, subresource: 'status' },
  );
}
