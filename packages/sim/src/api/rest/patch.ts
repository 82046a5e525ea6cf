// PATCH: JSON merge, strategic merge, JSON patch and server-side apply. The patched object then
// goes through the same decode/update pipeline as a PUT; apply creates the object when absent,
// and otherwise prunes what its manager stopped applying (patch/server-side-apply.ts).
import { badRequest, type KubeObject, notFound, type ResourceType, StatusError } from '../../core/types.ts';
import { groupVersion, typeKey } from '../../resources.ts';
import {
  applyConfiguration,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
} from '../patch/index.ts';
import { storeNew } from './create.ts';
import { decodeBody } from './decode.ts';
import { resolveNamespace } from './namespaces.ts';
import { removeFieldPath } from './object-path.ts';
import type { PatchOptions, PatchType, RestContext, WriteResult } from './types.ts';
import { storeUpdate } from './update.ts';

function applyPatch(
  ctx: RestContext,
  type: ResourceType,
  urlNamespace: string | undefined,
  name: string,
  body: unknown,
  options: PatchOptions,
): WriteResult {
  const manager = options.fieldManager;
  if (!manager) throw badRequest('PATCH, application/apply-patch+yaml requests require fieldManager');
  const strategy = ctx.registry.strategyFor(type.group, type.kind);
  const applied = structuredClone(body) as KubeObject;
  if (applied === null || typeof applied !== 'object' || !applied.apiVersion || !applied.kind) {
    throw badRequest('invalid object type: apiVersion and kind are required in an applied configuration');
  }
  applied.metadata ??= {};
  if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  applied.metadata.name = name;
  const warnings: string[] = [];
  const unknown = strategy.unknownFields?.(applied) ?? [];
  if (unknown.length > 0) {
    const mode = options.fieldValidation ?? 'Warn';
    if (mode === 'Strict') {
      const ns = type.namespaced ? (urlNamespace ?? '') : '';
      throw new StatusError(
        500,
        '',
        `failed to create typed patch object (${ns}/${name}; ${type.group}/${type.version}, Kind=${type.kind}): ${unknown.map((f) => `.${f}: field not declared in schema`).join(', ')}`,
      );
    }
    if (mode === 'Warn') for (const field of unknown) warnings.push(`unknown field "${field}"`);
    for (const field of unknown) removeFieldPath(applied, field);
  }
  const object = decodeBody(type, applied, 'Ignore', {}, warnings);
  const namespace = resolveNamespace(type, urlNamespace, object);
  const live = ctx.store.get(typeKey(type), namespace, name);
  if (!live) {
    delete object.metadata.resourceVersion;
    return storeNew(ctx, type, namespace, object, options, warnings, 'Apply');
  }
  const merged = applyConfiguration(live, object, {
    manager,
    force: options.force ?? false,
    hasStatus: type.subresources?.includes('status') ?? false,
    subresource: options.subresource,
  });
  merged.metadata.resourceVersion = object.metadata.resourceVersion ?? live.metadata.resourceVersion;
  return storeUpdate(ctx, type, merged, live, options, warnings, 'Apply', object);
}

export function patchObject(
  ctx: RestContext,
  type: ResourceType,
  urlNamespace: string | undefined,
  name: string,
  patchType: PatchType,
  patch: unknown,
  options: PatchOptions = {},
): WriteResult {
  if (patchType === 'apply') return applyPatch(ctx, type, urlNamespace, name, patch, options);
  const namespace = type.namespaced ? (urlNamespace ?? 'default') : undefined;
  const live = ctx.store.get(typeKey(type), namespace, name);
  if (!live) throw notFound(type, name);
  let patched: unknown;
  if (patchType === 'merge') patched = applyMergePatch(live, patch);
  else if (patchType === 'strategic') patched = applyStrategicMergePatch(live, patch);
  else patched = applyJsonPatch(live, patch);
  const strategy = ctx.registry.strategyFor(type.group, type.kind);
  const warnings: string[] = [];
  const object = decodeBody(type, patched, options.fieldValidation, strategy, warnings);
  if (object.apiVersion !== groupVersion(type)) throw badRequest('a patch may not change apiVersion');
  resolveNamespace(type, namespace, object);
  if (object.metadata.name !== name) throw badRequest('a patch may not change metadata.name');
  return storeUpdate(ctx, type, object, live, options, warnings, 'Update', patch);
}
