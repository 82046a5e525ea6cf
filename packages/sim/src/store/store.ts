// The sim's etcd: objects in memory, one global resourceVersion counter, and a bounded history of
// changes so a watch can resume from a resourceVersion (older than the history → 410 Gone).
import { type KubeObject, StatusError, type WatchEventType } from '../core/types.ts';

export interface StoreEvent {
  type: WatchEventType;
  /** Key of the resource type (`group/plural`). */
  typeKey: string;
  resourceVersion: number;
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED), for selector transitions. */
  previous?: KubeObject;
}

export type StoreListener = (event: StoreEvent) => void;

export interface StoreWatchOptions {
  namespace?: string;
  /** Deliver changes after this resourceVersion; undefined means from now on. */
  fromResourceVersion?: number;
}

const HISTORY_LIMIT = 20_000;

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class Store {
  private revision = 0;
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<{ typeKey: string; namespace?: string; listener: StoreListener }>();

  /** The current (latest) resourceVersion. */
  get resourceVersion(): number {
    return this.revision;
  }

  private table(typeKey: string): Map<string, KubeObject> {
    let table = this.tables.get(typeKey);
    if (!table) {
      table = new Map();
      this.tables.set(typeKey, table);
    }
    return table;
  }

  /** A copy of the stored object, or undefined. */
  get(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.tables.get(typeKey)?.get(objectKey(namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Copies of the objects of a type (all namespaces when namespace is undefined), sorted by namespace/name. */
  list(typeKey: string, namespace?: string): { items: KubeObject[]; resourceVersion: number } {
    const items: KubeObject[] = [];
    const table = this.tables.get(typeKey);
    if (table) {
      const keys = [...table.keys()].sort();
      for (const key of keys) {
        const object = table.get(key);
        if (!object) continue;
        if (namespace !== undefined && (object.metadata.namespace ?? '') !== namespace) continue;
        items.push(structuredClone(object));
      }
    }
    return { items, resourceVersion: this.revision };
  }

  /** Inserts a new object; sets its resourceVersion. Throws 409 when the name is taken. */
  create(typeKey: string, object: KubeObject, alreadyExists: () => StatusError): KubeObject {
    const table = this.table(typeKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    if (table.has(key)) throw alreadyExists();
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    table.set(key, stored);
    this.emit({ type: 'ADDED', typeKey, resourceVersion: this.revision, object: stored });
    return structuredClone(stored);
  }

  /** Replaces an existing object; sets its resourceVersion. */
  update(typeKey: string, object: KubeObject): KubeObject {
    const table = this.table(typeKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? '');
    const previous = table.get(key);
    if (!previous) {
      throw new StatusError(
        500,
        'InternalError',
        `Internal error occurred: ${key} vanished during an update`,
      );
    }
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    table.set(key, stored);
    this.emit({ type: 'MODIFIED', typeKey, resourceVersion: this.revision, object: stored, previous });
    return structuredClone(stored);
  }

  /** Removes an object; the DELETED event carries a new resourceVersion, as etcd's delete revision. */
  remove(typeKey: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const table = this.tables.get(typeKey);
    const key = objectKey(namespace, name);
    const previous = table?.get(key);
    if (!table || !previous) return undefined;
    table.delete(key);
    const gone = structuredClone(previous);
    gone.metadata.resourceVersion = String(++this.revision);
    this.emit({ type: 'DELETED', typeKey, resourceVersion: this.revision, object: gone, previous });
    return structuredClone(gone);
  }

  /**
   * Calls `listener` synchronously for each change of a type. With fromResourceVersion, first replays
   * the history after it; throws 410 Gone when the history no longer reaches back that far.
   */
  watch(typeKey: string, options: StoreWatchOptions, listener: StoreListener): () => void {
    const entry = { typeKey, namespace: options.namespace, listener };
    if (options.fromResourceVersion !== undefined) {
      const from = options.fromResourceVersion;
      const oldest = this.history[0]?.resourceVersion ?? this.revision + 1;
      if (from < oldest - 1 && from < this.revision) {
        throw new StatusError(410, 'Expired', `too old resource version: ${from} (${oldest - 1})`);
      }
      for (const event of this.history) {
        if (event.resourceVersion > from && this.matches(entry, event)) listener(event);
      }
    }
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  private matches(entry: { typeKey: string; namespace?: string }, event: StoreEvent): boolean {
    if (entry.typeKey !== event.typeKey) return false;
    return entry.namespace === undefined || (event.object.metadata.namespace ?? '') === entry.namespace;
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    for (const entry of [...this.listeners]) {
      if (!this.matches(entry, event)) continue;
      try {
        entry.listener(event);
      } catch (error) {
        // A broken watcher must not undo a write that already happened.
        console.error('sim store: a watch listener threw', error);
      }
    }
  }
}

export function createStore(): Store {
  return new Store();
}
