// Field ownership for every write the pipeline stores: create/update/patch record an `Update`
// manager owning what it changed (taking those fields from the others), an apply that creates the
// object records its `Apply` set. An apply to an existing object arrives with its managedFields
// already computed by applyConfiguration, before defaulting, as the real field manager does.
import type { KubeObject } from '../../core/types.ts';
import { compare } from './fields/compare.ts';
import { emptyObject, schemaFor } from './fields/schema.ts';
import {
  decodeManagers,
  encodeManagers,
  type Managers,
  managerKey,
  nowTime,
  stripServerFields,
} from './managed-fields.ts';
import { transferOwnership } from './ownership.ts';
import { appliedFieldSet, scopeOf } from './server-side-apply.ts';

export interface RecordOptions {
  /** The stored version; absent on create. */
  old?: KubeObject;
  manager?: string;
  operation: 'Update' | 'Apply';
  /** The kind has a status subresource (main-resource writes then neither set nor own status). */
  hasStatus: boolean;
  subresource?: string;
  /** On create: the object as the request made it (defaulted, before the server allocated anything). */
  requested?: KubeObject;
}

function readManagers(object: KubeObject, old: KubeObject | undefined): Managers {
  try {
    return decodeManagers(object.metadata.managedFields);
  } catch {
    // A client sent entries the server cannot read: keep the stored ones, as if it sent none.
    try {
      return decodeManagers(old?.metadata.managedFields);
    } catch {
      return new Map();
    }
  }
}

/** Sets `object.metadata.managedFields` for the write about to store it. */
export function recordManagedFields(object: KubeObject, options: RecordOptions): void {
  const { old, manager, hasStatus, subresource } = options;
  const requested = options.requested ?? object;
  if (options.operation === 'Apply') {
    if (old || !manager) return;
    const managers: Managers = new Map();
    managers.set(managerKey(manager, 'Apply', object.apiVersion, subresource), {
      manager,
      operation: 'Apply',
      apiVersion: object.apiVersion,
      time: nowTime(),
      ...(subresource ? { subresource } : {}),
      fields: appliedFieldSet(requested, { hasStatus, subresource }),
    });
    object.metadata.managedFields = encodeManagers(managers);
    return;
  }

  const schema = schemaFor(object.kind);
  const scope = (o: KubeObject) => scopeOf(o, { hasStatus, subresource });
  const before =
    old ?? ({ ...emptyObject(object.kind), apiVersion: object.apiVersion, kind: object.kind } as KubeObject);
  const comparison = compare(scope(before), scope(requested), schema);
  const managers = readManagers(object, old);
  const key = manager ? managerKey(manager, 'Update', object.apiVersion, subresource) : '';
  // An update never conflicts: whatever it changed now belongs to it alone.
  transferOwnership(managers, key, comparison, true);
  const changes = stripServerFields(comparison.modified.union(comparison.added));
  const previous = manager ? managers.get(key) : undefined;
  const kept = previous?.fields.difference(comparison.removed);
  if (manager && !changes.isEmpty()) {
    managers.set(key, {
      manager,
      operation: 'Update',
      apiVersion: object.apiVersion,
      time: nowTime(),
      ...(subresource ? { subresource } : {}),
      fields: kept ? kept.union(changes) : changes,
    });
  } else if (previous && kept) {
    // Nothing new to own; what it removed is no longer its own either.
    if (kept.isEmpty()) managers.delete(key);
    else previous.fields = kept;
  }
  const encoded = encodeManagers(managers);
  if (encoded.length > 0 || object.metadata.managedFields !== undefined)
    object.metadata.managedFields = encoded;
}
