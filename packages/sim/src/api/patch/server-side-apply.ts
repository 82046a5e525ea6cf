// A practical subset of server-side apply: the applied configuration is merged into the live
// object like a strategic merge patch, and fields this manager applied last time but no longer
// applies are removed. Ownership conflicts between managers are not detected.
import type { KubeObject } from '../../core/types.ts';
import { isPlainObject } from './merge-patch.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';

type FieldSet = Record<string, unknown>;

/** Deletes from `live` the map fields that `previous` (the manager's last FieldsV1) had and `applied` lacks. */
function dropUnapplied(
  live: Record<string, unknown>,
  previous: FieldSet,
  applied: Record<string, unknown>,
): void {
  for (const [fieldKey, children] of Object.entries(previous)) {
    if (!fieldKey.startsWith('f:')) continue;
    const key = fieldKey.slice(2);
    const liveChild = live[key];
    const owned = isPlainObject(children) && Object.keys(children).length > 0;
    if (!(key in applied)) {
      // A map this manager owned only parts of loses just those parts (others may own the rest).
      if (owned && isPlainObject(liveChild)) {
        dropUnapplied(liveChild, children, {});
        if (Object.keys(liveChild).length === 0) delete live[key];
      } else delete live[key];
      continue;
    }
    const appliedChild = applied[key];
    if (owned && isPlainObject(liveChild) && isPlainObject(appliedChild)) {
      dropUnapplied(liveChild, children, appliedChild);
    }
  }
}

export function previousApplyFields(live: KubeObject, manager: string): FieldSet | undefined {
  const entries = (live.metadata.managedFields ?? []) as Array<{
    manager?: string;
    operation?: string;
    fieldsV1?: FieldSet;
    subresource?: string;
  }>;
  return entries.find((e) => e.manager === manager && e.operation === 'Apply' && !e.subresource)?.fieldsV1;
}

export function applyConfiguration(live: KubeObject, applied: KubeObject, manager: string): KubeObject {
  const merged = applyStrategicMergePatch(live, applied) as KubeObject;
  const previous = previousApplyFields(live, manager);
  if (previous) dropUnapplied(merged, previous, applied);
  return merged;
}
