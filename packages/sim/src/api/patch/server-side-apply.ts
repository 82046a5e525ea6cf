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
  /** `status` for an apply to the status subresource, which sets and owns status only. */
  subresource?: string;
}

export interface WriteScope {
  hasStatus: boolean;
  subresource?: string;
}

/** The part of an object a write manages: status alone through /status, else all but a separate status. */
export function scopeOf(object: KubeObject, scope: WriteScope): Record<string, unknown> {
  if (scope.subresource === 'status') {
    return object.status === undefined ? {} : { status: structuredClone(object.status) };
  }
  const copy = structuredClone(object);
  delete copy.metadata.managedFields;
  if (scope.hasStatus) delete copy.status;
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
export function appliedFieldSet(config: KubeObject, scope: WriteScope): FieldSet {
  try {
    return stripServerFields(toFieldSet(scopeOf(config, scope), schemaFor(config.kind)));
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
  const scope: WriteScope = { hasStatus: options.hasStatus ?? false, subresource: options.subresource };
  const schema = schemaFor(live.kind);
  const applied = appliedFieldSet(config, scope);
  let merged: KubeObject;
  try {
    merged = mergeConfiguration(live, scopeOf(config, scope), schema);
  } catch (error) {
    if (error instanceof SchemaError) throw typedPatchError(config, error);
    throw error;
  }
  const managers = readManagers(live);
  const key = managerKey(options.manager, 'Apply', config.apiVersion, options.subresource);
  const previous = managers.get(key);
  managers.set(key, {
    manager: options.manager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    ...(previous?.time ? { time: previous.time } : {}),
    ...(options.subresource ? { subresource: options.subresource } : {}),
    fields: applied,
  });

  let result = merged;
  if (previous) {
    let owned = new FieldSet();
    for (const manager of managers.values()) owned = owned.union(manager.fields);
    result = removeUnapplied(merged, schema, previous.fields, owned);
  }

  const comparison = compare(scopeOf(live, scope), scopeOf(result, scope), schema);
  // kubectl moving from client-side to server-side apply takes over what it applied before.
  const allowed = allowedByLastApplied(live, options.manager, schema);
  transferOwnership(managers, key, comparison, options.force ?? false, allowed);

  const self = managers.get(key);
  if (self && (!previous || !sameObject(live, result))) self.time = nowTime();
  result.metadata.managedFields = encodeManagers(managers);
  syncLastApplied(result, live, config, options.manager);
  return result;
}
