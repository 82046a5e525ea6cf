// Pod facts the controllers share: readiness, activity, and per-Pod port resolution.
import type { KubeObject, OwnerReference } from '../core/types.ts';

type Condition = { type: string; status: string; lastTransitionTime?: string };

export function podCondition(pod: KubeObject, type: string): Condition | undefined {
  const conditions: Condition[] = pod.status?.conditions ?? [];
  return conditions.find((condition) => condition.type === type);
}

/** The Pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable); with 0 any ready Pod counts.
 */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number = Date.now()): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

export function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Counted by a ReplicaSet: not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

export function podIP(pod: KubeObject): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || undefined;
}

/** ShouldPodBeInEndpoints: running (or pending) with an IP, and not terminating unless asked. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isTerminal(pod)) return false;
  if (!podIP(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

/**
 * FindPort: a numeric targetPort is used as is; a name is looked up among the Pod's container
 * ports with the same protocol. Undefined when the Pod has no such port (it is then left out of
 * that port only, never reported to the user).
 */
export function findPort(pod: KubeObject, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = ((pod.spec?.initContainers ?? []) as Array<{ restartPolicy?: string }>).filter(
    (container) => container.restartPolicy === 'Always',
  );
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const port of (
      container as { ports?: Array<{ name?: string; containerPort: number; protocol?: string }> }
    ).ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}

export function controllerRef(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((reference) => reference.controller === true);
}

/** An ownerReference that makes `owner` the controller of a dependent. */
export function controllerReferenceTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
