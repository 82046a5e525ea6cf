// The two rollout strategies. RollingUpdate moves Pods from old to new ReplicaSets within
// maxSurge / maxUnavailable, counting only available Pods; Recreate removes every old Pod first.
import type { ApiClient } from '../../core/client.ts';
import type { KubeObject } from '../../core/types.ts';
import { controllerRef, isTerminal } from '../pod-utils.ts';
import { POD } from '../refs.ts';
import { resolveFenceposts } from './int-or-percent.ts';
import { desiredReplicas, replicasOf, scaleReplicaSet } from './replica-sets.ts';

export interface Plan {
  deployment: KubeObject;
  newSet: KubeObject | undefined;
  oldSets: KubeObject[];
}

function fenceposts(deployment: KubeObject) {
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desiredReplicas(deployment));
}

const total = (sets: KubeObject[]) => sets.reduce((sum, set) => sum + replicasOf(set), 0);
const available = (set: KubeObject | undefined) => set?.status?.availableReplicas ?? 0;

/** NewRSNewReplicas for RollingUpdate: grow the new ReplicaSet as far as maxSurge allows. */
export function newReplicaSetSize(
  deployment: KubeObject,
  allSets: KubeObject[],
  newSet: KubeObject | undefined,
): number {
  const desired = desiredReplicas(deployment);
  const current = replicasOf(newSet);
  const maxTotal = desired + fenceposts(deployment).surge;
  const podCount = total(allSets);
  if (podCount >= maxTotal) return current;
  return current + Math.max(0, Math.min(maxTotal - podCount, desired - current));
}

/** One step of a rolling update; returns true when it changed a size (status is synced after). */
export function rolloutRolling(client: ApiClient, plan: Plan): boolean {
  const { deployment } = plan;
  const desired = desiredReplicas(deployment);
  let newSet = plan.newSet;
  const oldSets = [...plan.oldSets];
  if (newSet) {
    const size =
      replicasOf(newSet) > desired ? desired : newReplicaSetSize(deployment, [...oldSets, newSet], newSet);
    const result = scaleReplicaSet(client, deployment, newSet, size);
    if (result.scaled) return true;
    newSet = result.set;
  }
  return reconcileOldReplicaSets(client, deployment, oldSets, newSet);
}

function reconcileOldReplicaSets(
  client: ApiClient,
  deployment: KubeObject,
  oldSets: KubeObject[],
  newSet: KubeObject | undefined,
): boolean {
  const active = oldSets.filter((set) => replicasOf(set) > 0);
  if (active.length === 0) return false;
  const desired = desiredReplicas(deployment);
  const minAvailable = desired - fenceposts(deployment).unavailable;
  const allPods = total(oldSets) + replicasOf(newSet);
  const newUnavailable = replicasOf(newSet) - available(newSet);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // First drop old Pods that are not available anyway: removing them costs no availability.
  let cleaned = 0;
  const sizes = new Map(active.map((set) => [set, replicasOf(set)]));
  for (const set of active) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = replicasOf(set) - available(set);
    if (unhealthy <= 0) continue;
    const drop = Math.min(maxScaledDown - cleaned, unhealthy);
    sizes.set(set, replicasOf(set) - drop);
    cleaned += drop;
  }

  // Then scale down available old Pods while at least minAvailable stay available overall.
  const availableNow = [...active, ...(newSet ? [newSet] : [])].reduce((sum, set) => sum + available(set), 0);
  let budget = availableNow - minAvailable;
  for (const set of active) {
    if (budget <= 0) break;
    const size = sizes.get(set) ?? 0;
    if (size === 0) continue;
    const drop = Math.min(size, budget);
    sizes.set(set, size - drop);
    budget -= drop;
  }

  let scaled = false;
  for (const set of active) {
    const size = sizes.get(set) ?? replicasOf(set);
    if (size !== replicasOf(set)) scaled = scaleReplicaSet(client, deployment, set, size).scaled || scaled;
  }
  return scaled;
}

/** Recreate: scale every old ReplicaSet to 0 and wait until their Pods are gone. */
export function scaleDownForRecreate(client: ApiClient, plan: Plan): boolean {
  let scaled = false;
  for (const set of plan.oldSets) {
    if (replicasOf(set) !== 0) scaled = scaleReplicaSet(client, plan.deployment, set, 0).scaled || scaled;
  }
  return scaled;
}

/** Whether any Pod of an old ReplicaSet still exists and has not finished (terminating ones count). */
export function oldPodsRunning(client: ApiClient, plan: Plan): boolean {
  if (plan.oldSets.some((set) => (set.status?.replicas ?? 0) > 0)) return true;
  const oldUids = new Set(plan.oldSets.map((set) => set.metadata.uid));
  return client
    .list(POD, plan.deployment.metadata.namespace)
    .items.some((pod) => oldUids.has(controllerRef(pod)?.uid) && !isTerminal(pod));
}
