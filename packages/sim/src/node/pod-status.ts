// A Pod's status as the kubelet reports it (phase, conditions, containerStatuses), computed from
// its containers' runners; conditions keep their lastTransitionTime while they do not change.
import type { KubeObject } from '../core/types.ts';
import type { ContainerRunner } from './container-runner.ts';

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastTransitionTime: string;
  lastProbeTime: null;
}

export function podPhase(runners: ContainerRunner[]): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (runners.some((r) => !r.everRan && !r.finished)) return 'Pending';
  if (runners.some((r) => !r.finished)) return 'Running';
  const exitCodes = runners.map((r) => ('terminated' in r.state ? r.state.terminated.exitCode : 0));
  return exitCodes.every((code) => code === 0) ? 'Succeeded' : 'Failed';
}

function imageID(image: string): string {
  return `sim.local/${image.split(/[:@]/)[0]}@sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`;
}

export function podStatus(
  pod: KubeObject,
  runners: ContainerRunner[],
  network: { podIP: string; hostIP: string; startTime: string },
): Record<string, unknown> {
  const previous = (pod.status?.conditions ?? []) as Condition[];
  const now = new Date().toISOString();
  const condition = (type: string, ok: boolean, reason?: string, message?: string): Condition => {
    const status = ok ? 'True' : 'False';
    const before = previous.find((c) => c.type === type);
    return {
      type,
      status,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
      lastProbeTime: null,
      lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
    };
  };
  const phase = podPhase(runners);
  const unready = runners.filter((r) => !r.ready).map((r) => r.name);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = finished ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const allReady = unready.length === 0 && !finished;
  const scheduled = previous.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true);
  return {
    ...pod.status,
    phase,
    conditions: [
      condition('PodReadyToStartContainers', true),
      condition('Initialized', true),
      condition('Ready', allReady, allReady ? undefined : readyReason, allReady ? undefined : readyMessage),
      condition(
        'ContainersReady',
        allReady,
        allReady ? undefined : readyReason,
        allReady ? undefined : readyMessage,
      ),
      scheduled,
    ],
    hostIP: network.hostIP,
    hostIPs: [{ ip: network.hostIP }],
    podIP: network.podIP,
    podIPs: [{ ip: network.podIP }],
    startTime: network.startTime,
    qosClass: pod.status?.qosClass ?? 'BestEffort',
    containerStatuses: runners.map((r) => ({
      name: r.name,
      state: r.state,
      lastState: r.lastState,
      ready: r.ready,
      restartCount: r.restartCount,
      image: r.image,
      imageID: r.everRan ? imageID(r.image) : '',
      ...(r.containerID ? { containerID: r.containerID } : {}),
      started: r.started,
    })),
  };
}
