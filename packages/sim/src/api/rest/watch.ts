// Watches with label/field selectors: an object that starts or stops matching is reported as
// ADDED or DELETED, like the API server's filtered watch.
import { badRequest, type KubeObject, type ResourceType, type WatchEvent } from '../../core/types.ts';
import { typeKey } from '../../resources.ts';
import { matchesFields, parseFieldSelector } from '../../store/field-selector.ts';
import { matchesLabels, parseLabelSelector } from '../../store/label-selector.ts';
import type { RestContext, RestWatchOptions } from './types.ts';

export function objectMatcher(
  type: ResourceType,
  options: { labelSelector?: string; fieldSelector?: string },
) {
  const labels = parseLabelSelector(options.labelSelector);
  const fields = parseFieldSelector(options.fieldSelector, type.kind);
  return (object: KubeObject) =>
    matchesLabels(labels, object.metadata.labels) && matchesFields(fields, object);
}

export function watchObjects(
  ctx: RestContext,
  type: ResourceType,
  namespace: string | undefined,
  options: RestWatchOptions,
  listener: (event: WatchEvent) => void,
): () => void {
  const matches = objectMatcher(type, options);
  const ns = type.namespaced ? namespace : undefined;
  const raw = options.resourceVersion;
  let from: number | undefined;
  if (!options.futureOnly) {
    if (raw === undefined || raw === '' || raw === '0') {
      const current = ctx.store.list(typeKey(type), ns);
      for (const object of current.items) if (matches(object)) listener({ type: 'ADDED', object });
      from = current.resourceVersion;
    } else {
      from = Number(raw);
      if (!Number.isInteger(from) || from < 0) {
        throw badRequest(`resourceVersion: Invalid value: "${raw}": must be a non-negative integer`);
      }
    }
  }
  return ctx.store.watch(typeKey(type), { namespace: ns, fromResourceVersion: from }, (event) => {
    const now = matches(event.object);
    if (event.type === 'ADDED') {
      if (now) listener({ type: 'ADDED', object: structuredClone(event.object) });
      return;
    }
    const before = event.previous ? matches(event.previous) : false;
    if (event.type === 'DELETED') {
      if (before || now) listener({ type: 'DELETED', object: structuredClone(event.object) });
      return;
    }
    if (now && before) listener({ type: 'MODIFIED', object: structuredClone(event.object) });
    else if (now) listener({ type: 'ADDED', object: structuredClone(event.object) });
    else if (before) listener({ type: 'DELETED', object: structuredClone(event.object) });
  });
}
