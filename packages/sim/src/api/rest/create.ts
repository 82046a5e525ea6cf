// POST: the API server's create pipeline in its real order (k8s-semantics.md §0):
// decode → default → admit → allocate → prepare → validate → warnings → store.
import type { KubeObject, ResourceType } from '../../core/types.ts';
import { alreadyExists, badRequest } from '../../core/types.ts';
import { typeKey } from '../../resources.ts';
import { recordManagedFields } from '../patch/record.ts';
import { decodeBody } from './decode.ts';
import { generateName, newUid, now, tracksGeneration, validateNameFallback } from './metadata.ts';
import { admitCreateInNamespace, prepareNamespace, resolveNamespace } from './namespaces.ts';
import type { RequestOptions, RestContext, WriteResult } from './types.ts';

export function createObject(
  ctx: RestContext,
  type: ResourceType,
  urlNamespace: string | undefined,
  body: unknown,
  options: RequestOptions = {},
): WriteResult {
  const strategy = ctx.registry.strategyFor(type.group, type.kind);
  const warnings: string[] = [];
  const object = decodeBody(type, body, options.fieldValidation, strategy, warnings);
  if (object.metadata.resourceVersion) {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  const namespace = resolveNamespace(type, urlNamespace, object);
  return storeNew(ctx, type, namespace, object, options, warnings, 'Update');
}

/** The part of create after decoding, shared with server-side apply's create-if-absent. */
export function storeNew(
  ctx: RestContext,
  type: ResourceType,
  namespace: string | undefined,
  object: KubeObject,
  options: RequestOptions,
  warnings: string[],
  operation: 'Update' | 'Apply',
): WriteResult {
  const strategy = ctx.registry.strategyFor(type.group, type.kind);
  const applied = structuredClone(object);
  strategy.default?.(object);
  // What the request asked for, before the server allocates (clusterIP, nodePort): what its manager owns.
  const requested = operation === 'Apply' ? applied : structuredClone(object);
  admitCreateInNamespace(ctx, type, namespace, object.metadata.name ?? '');
  strategy.admit?.(object, ctx.registryContext);

  if (!object.metadata.name && object.metadata.generateName) {
    object.metadata.name = generateName(object.metadata.generateName);
  }
  const finish = strategy.beginCreate?.(object, ctx.registryContext);
  let stored = false;
  try {
    const meta = object.metadata;
    meta.uid = newUid();
    meta.creationTimestamp = now();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    if (tracksGeneration(type)) meta.generation = 1;
    else delete meta.generation;
    delete meta.managedFields;
    strategy.prepareForCreate?.(object);
    if (type.kind === 'Namespace') prepareNamespace(object);

    const invalid = strategy.validateCreate
      ? strategy.validateCreate(object, ctx.registryContext)
      : validateNameFallback(type, object);
    if (invalid) throw invalid;
    warnings.push(...(strategy.warningsOnCreate?.(object) ?? []));
    recordManagedFields(object, {
      manager: options.fieldManager,
      operation,
      hasStatus: type.subresources?.includes('status') ?? false,
      requested,
    });

    if (options.dryRun) {
      if (ctx.store.get(typeKey(type), namespace, object.metadata.name ?? '')) {
        throw alreadyExists(type, object.metadata.name ?? '');
      }
      return { object, warnings, created: true };
    }
    const result = ctx.store.create(typeKey(type), object, () =>
      alreadyExists(type, object.metadata.name ?? ''),
    );
    stored = true;
    return { object: result, warnings, created: true };
  } finally {
    finish?.(stored);
  }
}
