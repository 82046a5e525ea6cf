// A minimal in-memory ApiClient for the data plane's unit tests: stores objects, bumps
// resourceVersions, fans out watch events. It applies no defaulting or validation; the
// end-to-end tests use the real API (createTestApi) instead.
import { randomUUID } from 'node:crypto';
import type { ApiClient, DeleteOptions, ResourceRef, WriteOptions } from '../core/client.ts';
import { type KubeObject, StatusError, type WatchEvent } from '../core/types.ts';

export interface MemoryClient extends ApiClient {
  events: Array<{ involved: KubeObject; type: string; reason: string; message: string }>;
}

function kindOf(ref: ResourceRef): string {
  return ref.kind;
}

export function createMemoryClient(): MemoryClient {
  const objects = new Map<string, KubeObject>();
  const watchers = new Set<{ kind: string; namespace?: string; listener: (e: WatchEvent) => void }>();
  let revision = 1;
  const key = (kind: string, ns: string | undefined, name: string | undefined) =>
    `${kind}/${ns ?? ''}/${name}`;
  const emit = (type: WatchEvent['type'], object: KubeObject) => {
    for (const w of [...watchers]) {
      if (w.kind !== object.kind) continue;
      if (w.namespace && w.namespace !== object.metadata.namespace) continue;
      w.listener({ type, object: structuredClone(object) });
    }
  };
  const events: MemoryClient['events'] = [];
  const client: MemoryClient = {
    events,
    get(ref, namespace, name) {
      const found = objects.get(key(kindOf(ref), namespace, name));
      return found ? structuredClone(found) : undefined;
    },
    list(ref, namespace) {
      const items = [...objects.values()].filter(
        (o) => o.kind === kindOf(ref) && (!namespace || o.metadata.namespace === namespace),
      );
      return { items: structuredClone(items), resourceVersion: String(revision) };
    },
    create(object: KubeObject, _options?: WriteOptions) {
      const stored = structuredClone(object);
      if (!stored.metadata.name && stored.metadata.generateName) {
        stored.metadata.name = `${stored.metadata.generateName}${randomUUID().slice(0, 5)}`;
      }
      const k = key(stored.kind, stored.metadata.namespace, stored.metadata.name);
      if (objects.has(k))
        throw new StatusError(
          409,
          'AlreadyExists',
          `${stored.kind} "${stored.metadata.name}" already exists`,
        );
      stored.metadata.uid ??= randomUUID();
      stored.metadata.resourceVersion = String(++revision);
      stored.metadata.creationTimestamp ??= new Date().toISOString();
      objects.set(k, stored);
      emit('ADDED', stored);
      return structuredClone(stored);
    },
    update(object: KubeObject, options?: WriteOptions) {
      const k = key(object.kind, object.metadata.namespace, object.metadata.name);
      const old = objects.get(k);
      if (!old) throw new StatusError(404, 'NotFound', `${object.kind} "${object.metadata.name}" not found`);
      if (
        object.metadata.resourceVersion &&
        object.metadata.resourceVersion !== old.metadata.resourceVersion
      ) {
        throw new StatusError(
          409,
          'Conflict',
          `${object.kind} "${object.metadata.name}": the object has been modified`,
        );
      }
      const stored =
        options?.subresource === 'status'
          ? { ...structuredClone(old), status: structuredClone(object.status) }
          : structuredClone(object);
      stored.metadata.resourceVersion = String(++revision);
      objects.set(k, stored);
      emit('MODIFIED', stored);
      return structuredClone(stored);
    },
    delete(ref, namespace, name, options?: DeleteOptions) {
      const k = key(kindOf(ref), namespace, name);
      const old = objects.get(k);
      if (!old) throw new StatusError(404, 'NotFound', `${kindOf(ref)} "${name}" not found`);
      if (options?.preconditionUid && options.preconditionUid !== old.metadata.uid) {
        throw new StatusError(409, 'Conflict', 'uid precondition failed');
      }
      const grace =
        options?.gracePeriodSeconds ??
        (old.kind === 'Pod' ? (old.spec?.terminationGracePeriodSeconds ?? 30) : 0);
      if (old.kind === 'Pod' && grace > 0 && old.spec?.nodeName) {
        if (!old.metadata.deletionTimestamp) {
          old.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString();
          old.metadata.deletionGracePeriodSeconds = grace;
          old.metadata.resourceVersion = String(++revision);
          emit('MODIFIED', old);
        }
        return structuredClone(old);
      }
      objects.delete(k);
      old.metadata.resourceVersion = String(++revision);
      emit('DELETED', old);
      return structuredClone(old);
    },
    watch(ref, namespace, listener) {
      const w = { kind: kindOf(ref), namespace, listener };
      watchers.add(w);
      return () => watchers.delete(w);
    },
    recordEvent(involved, type, reason, message) {
      events.push({ involved, type, reason, message });
    },
  };
  return client;
}
