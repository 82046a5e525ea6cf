// Server-side apply on an existing object, in the field manager's order: merge the configuration,
// prune what this manager applied last time and nobody owns any more, then move ownership (a
// conflict unless forced). Defaulting and validation follow in the update pipeline, so a pruned
// field that has a default (a Service port's targetPort) comes back as that default.
import type { KubeObject } from '../../core/types.ts';
import { StatusError } from '../../core/types.ts';
import { compare } from './fields/compare.ts';
import { FieldSet } from './fields/field-set.ts';
import { SchemaError } from './fields/list-items.ts';
import { mergeConfiguration } from './fields/merge.ts';
import { removeUnapplied } from './fields/prune.ts';
import { schemaFor } from './fields/schema.ts';
import { toFieldSet } from './fields/to-field-set.ts';
import { allowedByLastApplied, syncLastApplied } from './last-applied.ts';
import {
  decodeManagers,
  encodeManagers,
  type Managers,
  managerKey,
  nowTime,
  sameObject,
  stripServerFields,
} from './managed-fields.ts';
import { transferOwnership } from './ownership.ts';

export interface ApplyOptions {
  manager: string;
  /** `?force=true`: take ownership of conflicting fields instead of failing with 409. */
  force?: boolean;
  /** The kind has a status subresource, so a write to the main resource neither sets nor owns status. */
  hasStatus?: boolean;
}

/** The part of an object a write to the main resource manages. */
export function mainScope(object: KubeObject, hasStatus: boolean): KubeObject {
  const copy = structuredClone(object);
  delete copy.metadata.managedFields;
  if (hasStatus) delete copy.status;
  return copy;
}

/** `failed to create typed patch object (…)`: the API server's words for a configuration that breaks the schema. */
export function typedPatchError(object: KubeObject, error: SchemaError): StatusError {
  const ns = object.metadata.namespace ?? '';
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  return new StatusError(
    500,
    '',
    `failed to create typed patch object (${ns}/${object.metadata.name ?? ''}; ${group}/${version}, Kind=${object.kind}): ${error.message}`,
    undefined,
    { cause: error },
  );
}

/** The field set an applied configuration claims (server-owned metadata and, if separate, status left out). */
export function appliedFieldSet(config: KubeObject, hasStatus: boolean): FieldSet {
  try {
    return stripServerFields(toFieldSet(mainScope(config, hasStatus), schemaFor(config.kind)));
  } catch (error) {
    if (error instanceof SchemaError) throw typedPatchError(config, error);
    throw error;
  }
}

function readManagers(object: KubeObject): Managers {
  try {
    return decodeManagers(object.metadata.managedFields);
  } catch {
    // Entries the server cannot read are dropped, as the real field manager resets them.
    return new Map();
  }
}

/** `live` with `config` applied by `options.manager`, its metadata.managedFields already updated. */
export function applyConfiguration(live: KubeObject, config: KubeObject, options: ApplyOptions): KubeObject {
  const hasStatus = options.hasStatus ?? false;
  const schema = schemaFor(live.kind);
  const applied = appliedFieldSet(config, hasStatus);
  let merged: KubeObject;
  try {
    merged = mergeConfiguration(live, mainScope(config, hasStatus), schema);
  } catch (error) {
    if (error instanceof SchemaError) throw typedPatchError(config, error);
    throw error;
  }
  const managers = readManagers(live);
  const key = managerKey(options.manager, 'Apply', config.apiVersion);
  const previous = managers.get(key);
  managers.set(key, {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    ...(previous?.time ? { time: previous.time } : {}),
    fields: applied,
  });

  let result = merged;
  if (previous) {
    let owned = new FieldSet();
    for (const manager of managers.values()) owned = owned.union(manager.fields);
    result = removeUnapplied(merged, schema, previous.fields, owned);
  }

  const comparison = compare(mainScope(live, hasStatus), mainScope(result, hasStatus), schema);
  // kubectl moving from client-side to server-side apply takes over what it applied before.
  const allowed = allowedByLastApplied(live, options.manager, schema);
  transferOwnership(managers, key, comparison, options.force ?? false, allowed);

  const self = managers.get(key);
  if (self && (!previous || !sameObject(live, result))) self.time = nowTime();
  result.metadata.managedFields = encodeManagers(managers);
  syncLastApplied(result, live, config, options.manager);
  return result;
}
