// The scale subresource (autoscaling/v1 Scale) of Deployments and ReplicaSets, for `kubectl scale`.
import { badRequest, type KubeObject, notFound, type ResourceType } from '../../core/types.ts';
import { typeKey } from '../../resources.ts';
import type { RequestOptions, RestContext, WriteResult } from './types.ts';
import { storeUpdate } from './update.ts';

/** A metav1.LabelSelector as the string form `app=web,tier in (a,b)`. */
export function selectorString(selector: KubeObject['spec']): string {
  if (!selector) return '';
  const parts: string[] = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const expr of selector.matchExpressions ?? []) {
    const op = String(expr.operator);
    if (op === 'In' || op === 'NotIn')
      parts.push(`${expr.key} ${op.toLowerCase()} (${(expr.values ?? []).join(',')})`);
    else if (op === 'Exists') parts.push(expr.key);
    else if (op === 'DoesNotExist') parts.push(`!${expr.key}`);
  }
  return parts.join(',');
}

export function toScale(object: KubeObject): KubeObject {
  const meta = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: object.spec?.replicas ?? 0 },
    status: { replicas: object.status?.replicas ?? 0, selector: selectorString(object.spec?.selector) },
  };
}

export function getScale(
  ctx: RestContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): KubeObject {
  if (!type.subresources?.includes('scale')) throw notFound(type, name);
  const object = ctx.store.get(typeKey(type), namespace, name);
  if (!object) throw notFound(type, name);
  return toScale(object);
}

/** Writes a Scale: only spec.replicas of the parent changes. */
export function updateScale(
  ctx: RestContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  scale: KubeObject,
  options: RequestOptions,
): WriteResult {
  const live = ctx.store.get(typeKey(type), namespace, name);
  if (!live) throw notFound(type, name);
  const replicas = scale?.spec?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
    throw badRequest(
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`,
    );
  }
  const next = structuredClone(live);
  next.spec = { ...(next.spec ?? {}), replicas: replicas ?? 0 };
  next.metadata.resourceVersion = scale?.metadata?.resourceVersion || live.metadata.resourceVersion;
  const result = storeUpdate(ctx, type, next, live, { ...options, subresource: undefined }, [], 'Update', {
    spec: { replicas },
  });
  return { ...result, object: toScale(result.object) };
}
