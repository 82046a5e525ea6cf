// core/v1 Events as client-go's recorder writes them: `<object>.<hex nanos>` names, and repeats of
// the same reason+message folded into one Event with a count, like the event correlator does.
import type { KubeObject, ResourceType } from '../../core/types.ts';
import { RESOURCE_TYPES, typeKey } from '../../resources.ts';
import { createObject } from './create.ts';
import { now } from './metadata.ts';
import type { RestContext } from './types.ts';

const EVENTS = RESOURCE_TYPES.find((t) => t.plural === 'events' && t.group === '') as ResourceType;

export function createEventRecorder(ctx: RestContext) {
  const recent = new Map<string, string>();
  return function recordEvent(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source = 'sim',
  ): void {
    const namespace = involved.metadata.namespace ?? 'default';
    const key = [
      involved.metadata.uid,
      involved.kind,
      involved.metadata.name,
      type,
      reason,
      message,
      source,
    ].join('\u0000');
    const timestamp = now();
    try {
      const existingName = recent.get(key);
      const existing = existingName ? ctx.store.get(typeKey(EVENTS), namespace, existingName) : undefined;
      if (existing) {
        existing.count = (existing.count ?? 1) + 1;
        existing.lastTimestamp = timestamp;
        ctx.store.update(typeKey(EVENTS), existing);
        return;
      }
      const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000));
      const name = `${involved.metadata.name}.${nanos.toString(16)}`;
      createObject(ctx, EVENTS, namespace, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: involved.kind,
          namespace: involved.metadata.namespace,
          name: involved.metadata.name,
          uid: involved.metadata.uid,
          apiVersion: involved.apiVersion,
          resourceVersion: involved.metadata.resourceVersion,
        },
        reason,
        message,
        source: { component: source },
        firstTimestamp: timestamp,
        lastTimestamp: timestamp,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source,
        reportingInstance: '',
      });
      recent.set(key, name);
      if (recent.size > 5000) recent.delete(recent.keys().next().value as string);
    } catch {
      // Events are best effort, as in client-go: a terminating namespace must not fail the caller.
    }
  };
}
