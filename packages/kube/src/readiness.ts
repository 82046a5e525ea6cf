// Readiness as kubectl judges it (`rollout status`, `wait --for=condition=Ready`), as pure functions
// that also say what they saw, so a wait that times out explains itself.
import type { KubeObject } from './types.ts';

export interface Verdict {
  ready: boolean;
  seen: string;
}

interface DeploymentShape {
  metadata?: { generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
}

export function deploymentAvailable(object: KubeObject): Verdict {
  const d = object as DeploymentShape;
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const available = s.availableReplicas ?? 0;
  const updated = s.updatedReplicas ?? 0;
  const seen = `${available}/${want} replicas available, ${updated} up to date`;
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
    return {
      ready: false,
      seen: `the controller has not yet seen generation ${d.metadata?.generation}; ${seen}`,
    };
  }
  const failing = s.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const ready = updated >= want && (s.replicas ?? 0) <= updated && available >= want;
  return { ready, seen: failing ? `${seen}; ${failing.message ?? failing.reason}` : seen };
}

interface PodShape {
  metadata?: { name?: string; deletionTimestamp?: string };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string }>;
    containerStatuses?: Array<{
      name: string;
      ready?: boolean;
      restartCount?: number;
      state?: {
        waiting?: { reason?: string; message?: string };
        terminated?: { reason?: string; exitCode?: number };
      };
    }>;
  };
}

export function podReady(object: KubeObject): Verdict {
  const p = object as PodShape;
  const ready =
    !p.metadata?.deletionTimestamp &&
    !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  return { ready, seen: describePod(object) };
}

/** `web-7d4 Pending (ImagePullBackOff: …)` — the part of `kubectl get pods` that explains a wait. */
export function describePod(object: KubeObject): string {
  const p = object as PodShape;
  const name = p.metadata?.name ?? '?';
  if (p.metadata?.deletionTimestamp) return `${name} Terminating`;
  const problems: string[] = [];
  for (const c of p.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    const terminated = c.state?.terminated;
    if (waiting?.reason) problems.push(`${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`);
    else if (terminated?.reason) problems.push(`${terminated.reason} (exit ${terminated.exitCode ?? '?'})`);
    else if (c.ready === false) problems.push(`container ${c.name} not ready`);
    if (c.restartCount) problems.push(`${c.restartCount} restarts`);
  }
  return `${name} ${p.status?.phase ?? 'Pending'}${problems.length ? ` (${problems.join('; ')})` : ''}`;
}
