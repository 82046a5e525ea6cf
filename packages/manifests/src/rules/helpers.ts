// Small readers shared by the rules: Service ports, Ingress backends and lab lookups.
import { isRecord, valueAt } from '../pod-templates.ts';
import type { FieldPath, JsonObject, ManifestObject, RuleContext } from '../types.ts';

export interface ServicePort {
  index: number;
  path: FieldPath;
  port: JsonObject;
}

export function servicePorts(object: ManifestObject): ServicePort[] {
  const ports = valueAt(object.value, ['spec', 'ports']);
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((port, index) =>
    isRecord(port) ? [{ index, path: ['spec', 'ports', index] as FieldPath, port }] : [],
  );
}

export function isKind(object: ManifestObject, kind: string): boolean {
  return object.kind === kind;
}

export function findObject(
  context: RuleContext,
  kind: string,
  name: string,
  near: ManifestObject,
): ManifestObject | undefined {
  return context.objects.find(
    (other) =>
      other.kind === kind &&
      other.name === name &&
      (other.namespace === undefined || near.namespace === undefined || other.namespace === near.namespace),
  );
}

export function objectsOfKind(context: RuleContext, kind: string, near: ManifestObject): ManifestObject[] {
  return context.objects.filter(
    (other) =>
      other.kind === kind &&
      (other.namespace === undefined || near.namespace === undefined || other.namespace === near.namespace),
  );
}

/** `Service "api-service"`: how messages name an object. */
export function nameOf(object: ManifestObject): string {
  return `${object.kind ?? 'object'} "${object.name ?? '(no name)'}"`;
}

export function protocolOf(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : 'TCP';
}

export interface IngressBackendRef {
  /** Path of the backend mapping, e.g. `['spec', 'rules', 0, 'http', 'paths', 1, 'backend']`. */
  path: FieldPath;
  backend: JsonObject;
  /** The request path routed there, when it comes from a rule. */
  routePath?: string;
}

export function ingressBackends(object: ManifestObject): IngressBackendRef[] {
  const result: IngressBackendRef[] = [];
  for (const field of ['defaultBackend', 'backend']) {
    const backend = valueAt(object.value, ['spec', field]);
    if (isRecord(backend)) result.push({ path: ['spec', field], backend });
  }
  for (const { path, item } of ingressPaths(object)) {
    if (isRecord(item.backend)) {
      result.push({
        path: [...path, 'backend'],
        backend: item.backend,
        routePath: typeof item.path === 'string' ? item.path : undefined,
      });
    }
  }
  return result;
}

export function ingressPaths(object: ManifestObject): Array<{ path: FieldPath; item: JsonObject }> {
  const result: Array<{ path: FieldPath; item: JsonObject }> = [];
  const rules = valueAt(object.value, ['spec', 'rules']);
  if (!Array.isArray(rules)) return result;
  rules.forEach((rule, ruleIndex) => {
    const paths = valueAt(rule, ['http', 'paths']);
    if (!Array.isArray(paths)) return;
    paths.forEach((item, pathIndex) => {
      if (isRecord(item))
        result.push({ path: ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex], item });
    });
  });
  return result;
}
