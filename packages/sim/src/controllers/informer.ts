// Watch-then-list, the way an informer starts: every existing object and every later change of a
// resource type is turned into a queue key. Reads during a sync go straight to the ApiClient.
import type { ApiClient, ResourceRef, Unsubscribe } from '../core/client.ts';
import type { KubeObject, WatchEvent } from '../core/types.ts';

export type EventHandler = (event: WatchEvent) => void;

/**
 * Calls `handler` for each object already stored (as ADDED) and for every later event.
 * The watch is opened before the list so nothing written in between is missed; a duplicate
 * is harmless because controllers are level-triggered.
 */
export function inform(client: ApiClient, ref: ResourceRef, handler: EventHandler): Unsubscribe {
  const unsubscribe = client.watch(ref, undefined, handler);
  for (const object of client.list(ref).items) handler({ type: 'ADDED', object });
  return unsubscribe;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function keyOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : `${name}`;
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
