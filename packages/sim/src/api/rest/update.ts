// PUT (and the tail of every PATCH): optimistic concurrency on resourceVersion, status/spec
// separation for kinds with a status subresource, then default → admit → allocate → validate.
import { isDeepStrictEqual } from 'node:util';
import { badRequest, conflict, type KubeObject, notFound, type ResourceType } from '../../core/types.ts';
import { typeKey } from '../../resources.ts';
import { recordManagedFields } from '../patch/record.ts';
import { decodeBody } from './decode.ts';
import { tracksGeneration } from './metadata.ts';
import { resolveNamespace } from './namespaces.ts';
import type { RequestOptions, RestContext, WriteResult } from './types.ts';

export function updateObject(
  ctx: RestContext,
  type: ResourceType,
  urlNamespace: string | undefined,
  name: string,
  body: unknown,
  options: RequestOptions = {},
): WriteResult {
  const strategy = ctx.registry.strategyFor(type.group, type.kind);
  const warnings: string[] = [];
  const object = decodeBody(type, body, options.fieldValidation, strategy, warnings);
  const namespace = resolveNamespace(type, urlNamespace, object);
  if (object.metadata.name !== undefined && object.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  object.metadata.name = name;
  const old = ctx.store.get(typeKey(type), namespace, name);
  if (!old) throw notFound(type, name);
  return storeUpdate(ctx, type, object, old, options, warnings, 'Update', object);
}

/** Whether removing the last finalizer (or the namespace's `kubernetes` one) finishes a deletion. */
export function readyToRemove(object: KubeObject): boolean {
  const meta = object.metadata;
  if (!meta.deletionTimestamp) return false;
  if ((meta.finalizers ?? []).length > 0) return false;
  if (object.kind === 'Namespace') return (object.spec?.finalizers ?? []).length === 0;
  return (meta.deletionGracePeriodSeconds ?? 0) === 0;
}

/** The object minus what every write changes; managedFields count without their times, so an apply that only moves ownership is stored. */
function withoutVolatile(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  delete copy.metadata.resourceVersion;
  if (Array.isArray(copy.metadata.managedFields)) {
    copy.metadata.managedFields = copy.metadata.managedFields.map((entry) => {
      const { time: _time, ...rest } = entry as Record<string, unknown>;
      return rest;
    });
  }
  return copy;
}

export function storeUpdate(
  ctx: RestContext,
  type: ResourceType,
  incoming: KubeObject,
  old: KubeObject,
  options: RequestOptions,
  warnings: string[],
  operation: 'Update' | 'Apply',
  _request: unknown,
): WriteResult {
  const strategy = ctx.registry.strategyFor(type.group, type.kind);
  const rv = incoming.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
    throw conflict(type, old.metadata.name ?? '');

  let object: KubeObject;
  const hasStatus = type.subresources?.includes('status') ?? false;
  if (options.subresource === 'status') {
    // The status subresource changes status only; spec and metadata stay as stored.
    object = structuredClone(old);
    object.status = incoming.status;
    if (object.status === undefined) delete object.status;
  } else {
    object = incoming;
    strategy.default?.(object);
    if (hasStatus) {
      if (old.status === undefined) delete object.status;
      else object.status = structuredClone(old.status);
    }
    // spec.finalizers belongs to the namespace controller: a write that leaves it out keeps it.
    if (type.kind === 'Namespace' && object.spec?.finalizers === undefined && old.spec?.finalizers) {
      object.spec = { ...(object.spec ?? {}), finalizers: old.spec.finalizers };
    }
  }
  const meta = object.metadata;
  meta.uid = old.metadata.uid;
  meta.name = old.metadata.name;
  meta.namespace = old.metadata.namespace;
  meta.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.deletionTimestamp) {
    meta.deletionTimestamp = old.metadata.deletionTimestamp;
    meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  if (meta.managedFields === undefined && old.metadata.managedFields)
    meta.managedFields = old.metadata.managedFields;
  if (tracksGeneration(type)) {
    const changed = !isDeepStrictEqual(object.spec, old.spec);
    meta.generation = (old.metadata.generation ?? 1) + (changed && options.subresource !== 'status' ? 1 : 0);
  }

  if (options.subresource !== 'status') strategy.admit?.(object, ctx.registryContext);
  const finish = strategy.beginUpdate?.(object, old, ctx.registryContext);
  let stored = false;
  try {
    strategy.prepareForUpdate?.(object, old);
    const invalid = strategy.validateUpdate?.(object, old, ctx.registryContext);
    if (invalid) throw invalid;
    warnings.push(...(strategy.warningsOnUpdate?.(object, old) ?? []));

    // A write that changes nothing is not a write: same resourceVersion, no watch event.
    if (isDeepStrictEqual(withoutVolatile(object), withoutVolatile(old))) {
      return { object: old, warnings, created: false };
    }
    recordManagedFields(object, {
      old,
      manager: options.fieldManager,
      operation,
      hasStatus,
      subresource: options.subresource,
    });
    if (options.dryRun) return { object, warnings, created: false };
    if (readyToRemove(object)) {
      const gone = ctx.store.remove(typeKey(type), meta.namespace, meta.name ?? '');
      stored = true;
      if (gone) strategy.afterDelete?.(gone, ctx.registryContext);
      return { object: gone ?? object, warnings, created: false };
    }
    const result = ctx.store.update(typeKey(type), object);
    stored = true;
    return { object: result, warnings, created: false };
  } finally {
    finish?.(stored);
  }
}
