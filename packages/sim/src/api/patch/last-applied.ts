// The bridge between kubectl's client-side apply (the last-applied-configuration annotation) and
// server-side apply, for the field manager `kubectl` only, as the API server does: fields the last
// client-side apply set and nobody changed since are not conflicts, and the annotation follows
// each server-side apply so a later client-side apply computes the right patch.
import type { KubeObject } from '../../core/types.ts';
import { compare } from './fields/compare.ts';
import { canonicalJson, type FieldSet } from './fields/field-set.ts';
import type { Schema } from './fields/schema.ts';
import { toFieldSet } from './fields/to-field-set.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const KUBECTL = 'kubectl';

function lastApplied(object: KubeObject): Record<string, unknown> | undefined {
  const text = object.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The fields a conflict may be ignored on: applied by the last client-side apply, unchanged since. */
export function allowedByLastApplied(
  live: KubeObject,
  manager: string,
  schema: Schema,
): FieldSet | undefined {
  if (manager !== KUBECTL) return undefined;
  const previous = lastApplied(live);
  if (!previous) return undefined;
  try {
    const comparison = compare(previous, live, schema);
    return toFieldSet(previous, schema).difference(comparison.modified).difference(comparison.removed);
  } catch {
    return undefined;
  }
}

/** Rewrites the annotation to the configuration `kubectl` just applied server-side, if the object has one. */
export function syncLastApplied(
  result: KubeObject,
  live: KubeObject,
  config: KubeObject,
  manager: string,
): void {
  if (manager !== KUBECTL || !lastApplied(live)) return;
  const copy = structuredClone(config);
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  if (Object.keys(annotations).length > 0) copy.metadata.annotations = annotations;
  else delete copy.metadata.annotations;
  result.metadata.annotations = {
    ...(result.metadata.annotations ?? {}),
    [LAST_APPLIED]: `${canonicalJson(copy)}\n`,
  };
}
