// Finds the Pod specs an object will create (a Pod's own, a Deployment's template, a CronJob's job
// template), so selector rules and the submission policy look at every Pod the same way.
import type { FieldPath, JsonObject, ManifestObject } from './types.ts';

export interface PodTemplate {
  object: ManifestObject;
  /** Path of the Pod spec inside the object, e.g. `['spec', 'template', 'spec']`. */
  specPath: FieldPath;
  spec: JsonObject;
  /** Path of the Pod labels, e.g. `['spec', 'template', 'metadata', 'labels']`. */
  labelsPath: FieldPath;
  labels: Record<string, string>;
}

const TEMPLATE_PATHS: Record<string, FieldPath> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(Object.keys(TEMPLATE_PATHS));

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) result[key] = String(item);
  return result;
}

export function podTemplate(object: ManifestObject): PodTemplate | undefined {
  const base = object.kind ? TEMPLATE_PATHS[object.kind] : undefined;
  if (!base) return undefined;
  const specPath = [...base, 'spec'];
  const spec = valueAt(object.value, specPath);
  if (!isRecord(spec)) return undefined;
  const labelsPath = [...base, 'metadata', 'labels'];
  return { object, specPath, spec, labelsPath, labels: stringMap(valueAt(object.value, labelsPath)) };
}

export interface ContainerRef {
  /** Path of the container inside the object. */
  path: FieldPath;
  container: JsonObject;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  list: string;
}

export function containersOf(template: PodTemplate): ContainerRef[] {
  const result: ContainerRef[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const items = template.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (isRecord(container)) result.push({ path: [...template.specPath, list, index], container, list });
    });
  }
  return result;
}

/** `{app: backend, tier: api}`: how the workshop prints label sets in messages. */
export function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

/** Namespaces compare equal when both are set and equal, or when either is unset (the lab's namespace). */
export function sameNamespace(a: ManifestObject, b: ManifestObject): boolean {
  return a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace;
}
