// The garbage collector, for background propagation: an object whose owners are all gone (or were
// replaced by a new object of the same name, so the uid differs) is deleted; owners that are gone
// next to live ones are dropped from ownerReferences. Orphan and Foreground deletes are handled by
// the API's delete itself in the sim.
import type { ApiClient, Unsubscribe } from '../core/client.ts';
import type { KubeObject, OwnerReference, ResourceType } from '../core/types.ts';
import { findByKind, RESOURCE_TYPES } from '../resources.ts';
import { inform } from './informer.ts';
import { WorkQueue } from './work-queue.ts';

const SOURCE = 'garbage-collector';

/** Kinds whose objects may have owners. Events are many and never owned, so they are skipped. */
function collectable(): ResourceType[] {
  return RESOURCE_TYPES.filter((type) => type.verbs.includes('watch') && type.kind !== 'Event');
}

export function startGarbageCollector(client: ApiClient): { stop(): Promise<void> } {
  const types = collectable();
  /** owner uid → keys of its dependents, so an owner's deletion finds them without a full scan. */
  const dependents = new Map<string, Set<string>>();
  const ownersOf = new Map<string, string[]>();
  const queue = new WorkQueue(SOURCE, (key) => syncDependent(client, types, key));

  const index = (key: string, owners: string[]) => {
    for (const uid of ownersOf.get(key) ?? []) dependents.get(uid)?.delete(key);
    if (owners.length === 0) ownersOf.delete(key);
    else ownersOf.set(key, owners);
    for (const uid of owners) {
      const set = dependents.get(uid) ?? new Set<string>();
      set.add(key);
      dependents.set(uid, set);
    }
  };

  const unsubscribes: Unsubscribe[] = types.map((type, typeIndex) =>
    inform(client, type, (event) => {
      const object = event.object;
      const key = `${typeIndex}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
      if (event.type === 'DELETED') {
        index(key, []);
        const uid = object.metadata.uid ?? '';
        for (const dependent of dependents.get(uid) ?? []) queue.add(dependent);
        dependents.delete(uid);
        return;
      }
      const owners = (object.metadata.ownerReferences ?? []).map((ref) => ref.uid);
      index(key, owners);
      if (owners.length > 0) queue.add(key);
    }),
  );

  return {
    async stop() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await queue.stop();
    },
  };
}

function syncDependent(client: ApiClient, types: ResourceType[], key: string): void {
  const [typeIndex, namespace, name] = key.split('|');
  const type = types[Number(typeIndex)];
  if (!type || name === undefined) return;
  const object = client.get(type, namespace || undefined, name);
  if (!object || object.metadata.deletionTimestamp) return;
  const references = object.metadata.ownerReferences ?? [];
  if (references.length === 0) return;
  const dangling = references.filter((reference) => isDangling(client, object, reference));
  if (dangling.length === 0) return;
  if (dangling.length === references.length) {
    client.delete(type, object.metadata.namespace, name, {
      preconditionUid: object.metadata.uid,
      propagationPolicy: 'Background',
    });
    return;
  }
  const gone = new Set(dangling.map((reference) => reference.uid));
  client.update(
    {
      ...object,
      metadata: {
        ...object.metadata,
        ownerReferences: references.filter((reference) => !gone.has(reference.uid)),
      },
    },
    { fieldManager: SOURCE },
  );
}

/**
 * An owner is dangling when no object of its kind, name and uid exists. An owner of a kind the sim
 * does not serve cannot be checked and is assumed alive (the real collector cannot resolve it either).
 */
function isDangling(client: ApiClient, dependent: KubeObject, reference: OwnerReference): boolean {
  const type = findByKind(reference.apiVersion, reference.kind);
  if (!type) return false;
  const owner = client.get(type, type.namespaced ? dependent.metadata.namespace : undefined, reference.name);
  return !owner || owner.metadata.uid !== reference.uid;
}
