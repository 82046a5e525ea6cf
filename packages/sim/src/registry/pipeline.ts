// A miniature of the API server's write path over an in-memory object list, for the registry's own
// tests and for anyone who wants the registry's behaviour without HTTP: strict decoding, defaulting,
// admission, allocation, preparation, validation, then the store, in the real order.
import type { ResourceRef } from '../core/client.ts';
import type { NetworkPlan } from '../core/network.ts';
import type { Registry, RegistryContext } from '../core/strategy.ts';
import { badRequest, type KubeObject, StatusError } from '../core/types.ts';

export interface MemoryContext extends RegistryContext {
  objects: KubeObject[];
}

const groupOf = (apiVersion: string): string =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

export function memoryContext(network: NetworkPlan, objects: KubeObject[] = []): MemoryContext {
  const matches = (ref: ResourceRef, o: KubeObject): boolean =>
    'apiVersion' in ref
      ? o.kind === ref.kind && groupOf(o.apiVersion) === groupOf(ref.apiVersion)
      : o.kind === ref.kind && groupOf(o.apiVersion) === ref.group;
  return {
    network,
    objects,
    list: (ref, namespace) => ({
      items: objects.filter(
        (o) => matches(ref, o) && (namespace === undefined || o.metadata.namespace === namespace),
      ),
      resourceVersion: String(objects.length),
    }),
    get: (ref, namespace, name) =>
      objects.find((o) => matches(ref, o) && o.metadata.namespace === namespace && o.metadata.name === name),
  };
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
}

/** Create `body` through every registry step; throws the StatusError the API server would answer. */
export function createThrough(registry: Registry, ctx: MemoryContext, body: KubeObject): WriteResult {
  const object = structuredClone(body);
  const strategy = registry.strategyFor(groupOf(object.apiVersion), object.kind);
  const unknown = strategy.unknownFields?.(object) ?? [];
  if (unknown.length) {
    const version = object.apiVersion.split('/').pop();
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw badRequest(
      `${object.kind} in version "${version}" cannot be handled as a ${object.kind}: strict decoding error: ${list}`,
    );
  }
  strategy.default?.(object);
  strategy.admit?.(object, ctx);
  const finish = strategy.beginCreate?.(object, ctx);
  try {
    strategy.prepareForCreate?.(object);
    const error = strategy.validateCreate?.(object, ctx);
    if (error) throw error;
    const warnings = strategy.warningsOnCreate?.(object) ?? [];
    const exists = ctx.get(object, object.metadata.namespace, object.metadata.name ?? '');
    if (exists)
      throw new StatusError(409, 'AlreadyExists', `${object.kind} "${object.metadata.name}" already exists`);
    ctx.objects.push(object);
    finish?.(true);
    return { object, warnings };
  } catch (error) {
    finish?.(false);
    throw error;
  }
}

/** Replace the stored object with `body` (prepare → validate → allocate, the generic store's order). */
export function updateThrough(registry: Registry, ctx: MemoryContext, body: KubeObject): WriteResult {
  const object = structuredClone(body);
  const strategy = registry.strategyFor(groupOf(object.apiVersion), object.kind);
  const old = ctx.get(object, object.metadata.namespace, object.metadata.name ?? '');
  if (!old) throw new StatusError(404, 'NotFound', `${object.kind} "${object.metadata.name}" not found`);
  strategy.default?.(object);
  strategy.prepareForUpdate?.(object, old);
  const error = strategy.validateUpdate?.(object, old, ctx);
  if (error) throw error;
  const finish = strategy.beginUpdate?.(object, old, ctx);
  ctx.objects[ctx.objects.indexOf(old)] = object;
  finish?.(true);
  return { object, warnings: strategy.warningsOnUpdate?.(object, old) ?? [] };
}

export function deleteThrough(registry: Registry, ctx: MemoryContext, object: KubeObject): void {
  const stored = ctx.get(object, object.metadata.namespace, object.metadata.name ?? '');
  if (!stored) return;
  ctx.objects.splice(ctx.objects.indexOf(stored), 1);
  registry.strategyFor(groupOf(stored.apiVersion), stored.kind).afterDelete?.(stored, ctx);
}
