// The ReplicaSet controller: keeps `spec.replicas` active Pods from the template, replaces Pods that
// go away, removes surplus ones (least useful first) and reports counts in status.
import type { ApiClient } from '../core/client.ts';
import type { KubeObject } from '../core/types.ts';
import { inform, keyOf, splitKey } from './informer.ts';
import { claimObjects, controllerKey } from './ownership.ts';
import { controllerReferenceTo, isPodActive, isPodAvailable, isPodReady, podCondition } from './pod-utils.ts';
import { POD, REPLICA_SET } from './refs.ts';
import { matchesLabelSelector } from './selector.ts';
import { WorkQueue } from './work-queue.ts';

const SOURCE = 'replicaset-controller';
/** The real controller creates at most this many Pods per sync (burstReplicas). */
const BURST_REPLICAS = 500;

export function startReplicaSetController(client: ApiClient): { stop(): Promise<void> } {
  const queue: WorkQueue = new WorkQueue(SOURCE, (key) => syncReplicaSet(client, queue, key));
  const unwatchSets = inform(client, REPLICA_SET, (event) => queue.add(keyOf(event.object)));
  const unwatchPods = inform(client, POD, (event) => {
    const owner = controllerKey(event.object, 'ReplicaSet');
    if (owner) {
      queue.add(owner);
      return;
    }
    // An orphan may be adopted by any ReplicaSet whose selector matches it.
    const namespace = event.object.metadata.namespace;
    for (const set of client.list(REPLICA_SET, namespace).items) {
      if (matchesLabelSelector(set.spec?.selector, event.object.metadata.labels)) queue.add(keyOf(set));
    }
  });
  return {
    async stop() {
      unwatchSets();
      unwatchPods();
      await queue.stop();
    },
  };
}

function syncReplicaSet(client: ApiClient, queue: WorkQueue, key: string): void {
  const { namespace, name } = splitKey(key);
  const set = client.get(REPLICA_SET, namespace, name);
  if (!set) return; // its Pods are the garbage collector's
  const candidates = client.list(POD, namespace).items.filter((pod) => !isTerminalOrphan(pod));
  const pods = claimObjects(
    client,
    set,
    candidates,
    (pod) => matchesLabelSelector(set.spec?.selector, pod.metadata.labels),
    SOURCE,
  );
  const active = pods.filter(isPodActive);
  const desired: number = set.spec?.replicas ?? 1;
  let failure: string | undefined;
  if (!set.metadata.deletionTimestamp) {
    const diff = active.length - desired;
    if (diff < 0) failure = createPods(client, set, Math.min(-diff, BURST_REPLICAS));
    else if (diff > 0) deletePods(client, set, podsToDelete(active, diff));
  }
  updateStatus(client, set, queue, failure);
}

function isTerminalOrphan(pod: KubeObject): boolean {
  return (
    !pod.metadata.ownerReferences?.length &&
    (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
  );
}

/** Creates `count` Pods; returns the API's message when one is refused. */
function createPods(client: ApiClient, set: KubeObject, count: number): string | undefined {
  const template = set.spec?.template ?? {};
  for (let i = 0; i < count; i++) {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${set.metadata.name}-`,
        namespace: set.metadata.namespace,
        ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
        ownerReferences: [controllerReferenceTo(set)],
      },
      spec: structuredClone(template.spec ?? {}),
    };
    try {
      const created = client.create(pod, { fieldManager: SOURCE });
      client.recordEvent(set, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      client.recordEvent(set, 'Warning', 'FailedCreate', `Error creating: ${message}`, SOURCE);
      return message;
    }
  }
  return undefined;
}

function deletePods(client: ApiClient, set: KubeObject, pods: KubeObject[]): void {
  for (const pod of pods) {
    try {
      client.delete(POD, pod.metadata.namespace, pod.metadata.name ?? '', {
        preconditionUid: pod.metadata.uid,
      });
      client.recordEvent(set, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, SOURCE);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      client.recordEvent(set, 'Warning', 'FailedDelete', `Error deleting: ${message}`, SOURCE);
      throw error;
    }
  }
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The `count` Pods a scale-down removes first (controller.ActivePods ordering): unscheduled before
 * scheduled, Pending before Running, not ready before ready, ready for less time, more restarts,
 * then newer before older.
 */
export function podsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  const restarts = (pod: KubeObject) =>
    ((pod.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>).reduce(
      (max, status) => Math.max(max, status.restartCount ?? 0),
      0,
    );
  const time = (value: string | undefined) => (value ? Date.parse(value) : 0);
  const ranked = [...pods].sort((a, b) => {
    const scheduled = Number(Boolean(a.spec?.nodeName)) - Number(Boolean(b.spec?.nodeName));
    if (scheduled !== 0) return scheduled;
    const phase =
      (PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0) - (PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0);
    if (phase !== 0) return phase;
    const ready = Number(isPodReady(a)) - Number(isPodReady(b));
    if (ready !== 0) return ready;
    if (isPodReady(a) && isPodReady(b)) {
      const readySince =
        time(podCondition(b, 'Ready')?.lastTransitionTime) -
        time(podCondition(a, 'Ready')?.lastTransitionTime);
      if (readySince !== 0) return readySince;
    }
    const restarted = restarts(b) - restarts(a);
    if (restarted !== 0) return restarted;
    return time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
  });
  return ranked.slice(0, count);
}

function updateStatus(
  client: ApiClient,
  set: KubeObject,
  queue: WorkQueue,
  failure: string | undefined,
): void {
  const minReadySeconds: number = set.spec?.minReadySeconds ?? 0;
  // Read the Pods again: the creates and deletes above changed them.
  const pods = client
    .list(POD, set.metadata.namespace)
    .items.filter((pod) =>
      pod.metadata.ownerReferences?.some((ref) => ref.uid === set.metadata.uid && ref.controller),
    )
    .filter(isPodActive);
  const templateLabels: Record<string, string> = set.spec?.template?.metadata?.labels ?? {};
  const now = Date.now();
  const available = pods.filter((pod) => isPodAvailable(pod, minReadySeconds, now)).length;
  const ready = pods.filter(isPodReady).length;
  if (minReadySeconds > 0 && ready > available)
    queue.addAfter(`${set.metadata.namespace}/${set.metadata.name}`, 1000);
  const conditions = failure
    ? [
        {
          type: 'ReplicaFailure',
          status: 'True',
          lastTransitionTime: new Date(now).toISOString(),
          reason: 'FailedCreate',
          message: failure,
        },
      ]
    : undefined;
  const status = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((pod) =>
      Object.entries(templateLabels).every(([key, value]) => pod.metadata.labels?.[key] === value),
    ).length,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: set.metadata.generation ?? 1,
    ...(conditions ? { conditions } : {}),
  };
  const old = set.status ?? {};
  const same =
    (old.replicas ?? 0) === status.replicas &&
    (old.fullyLabeledReplicas ?? 0) === status.fullyLabeledReplicas &&
    (old.readyReplicas ?? 0) === status.readyReplicas &&
    (old.availableReplicas ?? 0) === status.availableReplicas &&
    old.observedGeneration === status.observedGeneration &&
    Boolean(old.conditions?.length) === Boolean(conditions);
  if (same) return;
  const fresh = client.get(REPLICA_SET, set.metadata.namespace, set.metadata.name ?? '');
  if (!fresh || fresh.metadata.uid !== set.metadata.uid) return;
  client.update({ ...fresh, status }, { fieldManager: SOURCE, subresource: 'status' });
}
