// The Deployment controller: one ReplicaSet per Pod template, rolled from old to new by the
// Deployment's strategy, with revisions, history cleanup and status. Driven by Deployment,
// ReplicaSet and Pod events; every sync starts again from what the API holds.
import type { ApiClient } from '../../core/client.ts';
import type { KubeObject } from '../../core/types.ts';
import { inform, keyOf, splitKey } from '../informer.ts';
import { controllerKey } from '../ownership.ts';
import { controllerRef } from '../pod-utils.ts';
import { DEPLOYMENT, POD, REPLICA_SET } from '../refs.ts';
import { matchesLabelSelector } from '../selector.ts';
import { WorkQueue } from '../work-queue.ts';
import {
  claimReplicaSets,
  cleanupOldReplicaSets,
  createNewReplicaSet,
  desiredReplicas,
  findNewReplicaSet,
  maxRevision,
  SOURCE,
  scaleReplicaSet,
  syncRevision,
} from './replica-sets.ts';
import {
  newReplicaSetSize,
  oldPodsRunning,
  type Plan,
  rolloutRolling,
  scaleDownForRecreate,
} from './rollout.ts';
import { isComplete, markNewReplicaSet, syncRolloutStatus } from './status.ts';

export function startDeploymentController(client: ApiClient): { stop(): Promise<void> } {
  const queue: WorkQueue = new WorkQueue(SOURCE, (key) => syncDeployment(client, queue, key));
  const unwatchDeployments = inform(client, DEPLOYMENT, (event) => queue.add(keyOf(event.object)));
  const unwatchSets = inform(client, REPLICA_SET, (event) => {
    const owner = controllerKey(event.object, 'Deployment');
    if (owner) {
      queue.add(owner);
      return;
    }
    for (const deployment of client.list(DEPLOYMENT, event.object.metadata.namespace).items) {
      if (matchesLabelSelector(deployment.spec?.selector, event.object.metadata.labels))
        queue.add(keyOf(deployment));
    }
  });
  // Recreate waits for old Pods to be gone, which no ReplicaSet event announces.
  const unwatchPods = inform(client, POD, (event) => {
    if (event.type !== 'DELETED') return;
    const setRef = controllerRef(event.object);
    if (setRef?.kind !== 'ReplicaSet') return;
    const set = client.get(REPLICA_SET, event.object.metadata.namespace, setRef.name);
    const owner = set && controllerKey(set, 'Deployment');
    if (owner) queue.add(owner);
  });
  return {
    async stop() {
      unwatchDeployments();
      unwatchSets();
      unwatchPods();
      await queue.stop();
    },
  };
}

function syncDeployment(client: ApiClient, queue: WorkQueue, key: string): void {
  const { namespace, name } = splitKey(key);
  let deployment = client.get(DEPLOYMENT, namespace, name);
  if (!deployment) return; // its ReplicaSets are the garbage collector's
  const sets = claimReplicaSets(client, deployment);
  if (deployment.metadata.deletionTimestamp || deployment.spec?.paused) {
    const newSet = findNewReplicaSet(deployment, sets);
    // A paused Deployment does not roll out, but `kubectl scale` still reaches a lone active ReplicaSet.
    const active = sets.filter((set) => (set.spec?.replicas ?? 0) > 0);
    const lone = active.length === 1 ? active[0] : active.length === 0 ? newSet : undefined;
    if (!deployment.metadata.deletionTimestamp && lone) {
      scaleReplicaSet(client, deployment, lone, desiredReplicas(deployment));
    }
    syncRolloutStatus(client, queue, deployment, claimReplicaSets(client, deployment), newSet);
    return;
  }
  const recreate = deployment.spec?.strategy?.type === 'Recreate';
  const plan = planFor(client, deployment, sets, !recreate);
  deployment = plan.deployment;
  if (recreate) {
    if (scaleDownForRecreate(client, plan) || oldPodsRunning(client, plan)) {
      finish(client, queue, plan);
      return;
    }
    const ready = plan.newSet
      ? plan
      : planFor(client, deployment, claimReplicaSets(client, deployment), true);
    if (ready.newSet)
      scaleReplicaSet(client, ready.deployment, ready.newSet, desiredReplicas(ready.deployment));
    finish(client, queue, ready);
    return;
  }
  rolloutRolling(client, plan);
  finish(client, queue, plan);
}

/**
 * Splits the ReplicaSets into new and old (creating the new one when asked), syncs revisions and
 * the NewReplicaSetCreated / FoundNewReplicaSet condition.
 */
function planFor(
  client: ApiClient,
  deployment: KubeObject,
  sets: KubeObject[],
  createIfMissing: boolean,
): Plan {
  const existing = findNewReplicaSet(deployment, sets);
  const oldSets = sets.filter((set) => set !== existing);
  if (existing) {
    const synced = syncRevision(client, deployment, existing, oldSets);
    const current = markNewReplicaSet(client, synced.deployment, existing.metadata.name ?? '', false);
    return { deployment: current, newSet: synced.newSet, oldSets };
  }
  if (!createIfMissing) return { deployment, newSet: undefined, oldSets };
  const recreate = deployment.spec?.strategy?.type === 'Recreate';
  const size = recreate ? desiredReplicas(deployment) : newReplicaSetSize(deployment, oldSets, undefined);
  const created = createNewReplicaSet(client, deployment, maxRevision(oldSets) + 1, size);
  const synced = syncRevision(client, deployment, created, oldSets);
  const current = markNewReplicaSet(client, synced.deployment, created.metadata.name ?? '', true);
  return { deployment: current, newSet: synced.newSet, oldSets };
}

/** Re-reads the ReplicaSets, cleans up history once the rollout is complete and writes status. */
function finish(client: ApiClient, queue: WorkQueue, plan: Plan): void {
  const sets = claimReplicaSets(client, plan.deployment);
  const newSet = plan.newSet && sets.find((set) => set.metadata.uid === plan.newSet?.metadata.uid);
  const oldSets = sets.filter((set) => set !== newSet);
  syncRolloutStatus(client, queue, plan.deployment, sets, newSet);
  const sum = (field: string) => sets.reduce((total, set) => total + (set.status?.[field] ?? 0), 0);
  const counts = {
    replicas: sum('replicas'),
    updatedReplicas: newSet?.status?.replicas ?? 0,
    availableReplicas: sum('availableReplicas'),
  };
  const observed = {
    ...plan.deployment,
    status: { observedGeneration: plan.deployment.metadata.generation ?? 1 },
  };
  if (isComplete(observed, { ...counts, readyReplicas: 0, unavailableReplicas: 0 })) {
    cleanupOldReplicaSets(client, plan.deployment, oldSets);
  }
}
