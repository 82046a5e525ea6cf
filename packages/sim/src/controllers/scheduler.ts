// The scheduler of a one-node cluster: every Pod without spec.nodeName is bound to the node.
import type { ApiClient } from '../core/client.ts';
import type { KubeObject } from '../core/types.ts';
import { inform, keyOf, splitKey } from './informer.ts';
import { POD } from './refs.ts';
import { WorkQueue } from './work-queue.ts';

export const SCHEDULER_NAME = 'default-scheduler';

export function startScheduler(client: ApiClient, options: { nodeName: string }): { stop(): Promise<void> } {
  const queue = new WorkQueue('scheduler', (key) => {
    const { namespace, name } = splitKey(key);
    let pod = client.get(POD, namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return;
    if (!pod.spec?.nodeName) {
      const schedulerName = pod.spec?.schedulerName ?? SCHEDULER_NAME;
      if (schedulerName !== SCHEDULER_NAME) return; // another scheduler's Pod stays Pending, as on a real cluster
      // A real scheduler POSTs pods/binding, which sets spec.nodeName and the PodScheduled condition;
      // the ApiClient has no binding subresource, so the same two changes are two writes.
      pod = client.update(
        { ...pod, spec: { ...pod.spec, nodeName: options.nodeName } },
        { fieldManager: SCHEDULER_NAME },
      );
      client.recordEvent(
        pod,
        'Normal',
        'Scheduled',
        `Successfully assigned ${namespace}/${name} to ${options.nodeName}`,
        SCHEDULER_NAME,
      );
    }
    if (!isScheduled(pod)) {
      client.update(
        {
          ...pod,
          status: {
            ...pod.status,
            conditions: upsertCondition(pod.status?.conditions, {
              type: 'PodScheduled',
              status: 'True',
              lastProbeTime: null,
              lastTransitionTime: new Date().toISOString(),
            }),
          },
        },
        { fieldManager: SCHEDULER_NAME, subresource: 'status' },
      );
    }
  });
  const unsubscribe = inform(client, POD, (event) => {
    if (event.type !== 'DELETED' && !isScheduled(event.object)) queue.add(keyOf(event.object));
  });
  return {
    async stop() {
      unsubscribe();
      await queue.stop();
    },
  };
}

type Condition = { type: string; [field: string]: unknown };

export function upsertCondition(conditions: Condition[] | undefined, condition: Condition): Condition[] {
  const others = (conditions ?? []).filter((existing) => existing.type !== condition.type);
  return [...others, condition];
}

function isScheduled(pod: KubeObject): boolean {
  const conditions: Condition[] = pod.status?.conditions ?? [];
  return (
    Boolean(pod.spec?.nodeName) && conditions.some((c) => c.type === 'PodScheduled' && c.status === 'True')
  );
}
