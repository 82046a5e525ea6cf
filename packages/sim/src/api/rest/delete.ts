// DELETE: graceful for Pods on a node (deletionTimestamp + grace period; the node agent finishes
// with grace 0), finalizers honoured, Namespaces go Terminating for the namespace controller,
// propagationPolicy Orphan/Foreground handled here (Background is the garbage collector's job).
import { type KubeObject, notFound, type ResourceType, StatusError } from '../../core/types.ts';
import { RESOURCE_TYPES, typeKey } from '../../resources.ts';
import { now, qualifiedResource } from './metadata.ts';
import { IMMORTAL_NAMESPACES } from './namespaces.ts';
import type { DeleteResult, RestContext, RestDeleteOptions } from './types.ts';

function later(seconds: number): string {
  return `${new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19)}Z`;
}

function remove(ctx: RestContext, type: ResourceType, object: KubeObject, dryRun: boolean): DeleteResult {
  if (dryRun) return { object, removed: true };
  const gone = ctx.store.remove(typeKey(type), object.metadata.namespace, object.metadata.name ?? '');
  if (gone) ctx.registry.strategyFor(type.group, type.kind).afterDelete?.(gone, ctx.registryContext);
  return { object: gone ?? object, removed: true };
}

function mark(ctx: RestContext, type: ResourceType, object: KubeObject, dryRun: boolean): DeleteResult {
  if (dryRun) return { object, removed: false };
  return { object: ctx.store.update(typeKey(type), object), removed: false };
}

/** Objects (any kind) in `namespace` whose ownerReferences name `uid`. */
function dependentsOf(
  ctx: RestContext,
  uid: string,
  namespace: string | undefined,
): Array<[ResourceType, KubeObject]> {
  const found: Array<[ResourceType, KubeObject]> = [];
  for (const type of RESOURCE_TYPES) {
    if (namespace !== undefined && !type.namespaced) continue;
    for (const item of ctx.store.list(typeKey(type), namespace).items) {
      if (item.metadata.ownerReferences?.some((ref) => ref.uid === uid)) found.push([type, item]);
    }
  }
  return found;
}

export function deleteObject(
  ctx: RestContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: RestDeleteOptions = {},
): DeleteResult {
  const ns = type.namespaced ? namespace : undefined;
  const object = ctx.store.get(typeKey(type), ns, name);
  if (!object) throw notFound(type, name);
  const meta = object.metadata;
  const dryRun = options.dryRun ?? false;
  if (options.preconditionUid !== undefined && options.preconditionUid !== meta.uid) {
    throw new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": Precondition failed: UID in precondition: ${options.preconditionUid}, UID in object meta: ${meta.uid}`,
      { name, ...(type.group ? { group: type.group } : {}), kind: type.plural },
    );
  }
  if (
    options.preconditionResourceVersion !== undefined &&
    options.preconditionResourceVersion !== meta.resourceVersion
  ) {
    throw new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": Precondition failed: ResourceVersion in precondition: ${options.preconditionResourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
      { name, ...(type.group ? { group: type.group } : {}), kind: type.plural },
    );
  }

  if (type.kind === 'Namespace') {
    if (IMMORTAL_NAMESPACES.includes(name)) {
      throw new StatusError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: 'namespaces',
        },
      );
    }
    if (meta.deletionTimestamp) return { object, removed: false };
    if ((object.spec?.finalizers ?? []).length === 0 && (meta.finalizers ?? []).length === 0) {
      return remove(ctx, type, object, dryRun);
    }
    meta.deletionTimestamp = now();
    meta.deletionGracePeriodSeconds = 0;
    object.status = { ...(object.status ?? {}), phase: 'Terminating' };
    return mark(ctx, type, object, dryRun);
  }

  if (options.propagationPolicy === 'Orphan' && !dryRun && meta.uid) {
    for (const [depType, dependent] of dependentsOf(ctx, meta.uid, ns)) {
      dependent.metadata.ownerReferences = dependent.metadata.ownerReferences?.filter(
        (r) => r.uid !== meta.uid,
      );
      if (dependent.metadata.ownerReferences?.length === 0) delete dependent.metadata.ownerReferences;
      ctx.store.update(typeKey(depType), dependent);
    }
  }
  if (options.propagationPolicy === 'Foreground' && !dryRun && meta.uid) {
    for (const [depType, dependent] of dependentsOf(ctx, meta.uid, ns)) {
      if (dependent.metadata.deletionTimestamp) continue;
      deleteObject(ctx, depType, dependent.metadata.namespace, dependent.metadata.name ?? '', {
        propagationPolicy: 'Foreground',
      });
    }
  }

  if (type.kind === 'Pod') {
    const phase = object.status?.phase;
    let grace = options.gracePeriodSeconds ?? object.spec?.terminationGracePeriodSeconds ?? 30;
    // Nothing runs an unbound or finished Pod, so there is nobody to wait for.
    if (!object.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
    if (grace < 0) grace = 0;
    const current = meta.deletionGracePeriodSeconds;
    if (meta.deletionTimestamp && current !== undefined && current <= grace)
      return { object, removed: false };
    if (grace > 0) {
      meta.deletionTimestamp = later(grace);
      meta.deletionGracePeriodSeconds = grace;
      return mark(ctx, type, object, dryRun);
    }
    if ((meta.finalizers ?? []).length > 0) {
      meta.deletionTimestamp ??= now();
      meta.deletionGracePeriodSeconds = 0;
      return mark(ctx, type, object, dryRun);
    }
    return remove(ctx, type, object, dryRun);
  }

  if ((meta.finalizers ?? []).length > 0) {
    if (meta.deletionTimestamp) return { object, removed: false };
    meta.deletionTimestamp = now();
    meta.deletionGracePeriodSeconds = 0;
    return mark(ctx, type, object, dryRun);
  }
  return remove(ctx, type, object, dryRun);
}
