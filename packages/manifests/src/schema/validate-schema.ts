// Validates an object against its kubernetes-models schema and maps every error back to a YAML position.
// Unknown fields: the generated validators read each declared property of an object (`data.nodePort`), and
// iterate the keys of maps. Running them over recording proxies therefore tells us, per object, which
// field names the schema declares — the same knowledge as the OpenAPI `properties`, without re-deriving it.
import { didYouMeanSuffix } from '../did-you-mean.ts';
import { diagnosticAt, fieldPathText } from '../source/locate.ts';
import type { Diagnostic, FieldPath, ManifestObject } from '../types.ts';
import type { KindSchema, SchemaError } from './catalog.ts';

interface Visit {
  path: FieldPath;
  keys: string[];
  read: Set<string>;
  enumerated: boolean;
}

function track(value: unknown, path: FieldPath, visits: Visit[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item, index) => track(item, [...path, index], visits));
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = track(child, [...path, key], visits);
  const visit: Visit = { path, keys: Object.keys(value), read: new Set(), enumerated: false };
  visits.push(visit);
  return new Proxy(copy, {
    get(target, property, receiver) {
      if (typeof property === 'string') visit.read.add(property);
      return Reflect.get(target, property, receiver);
    },
    has(target, property) {
      if (typeof property === 'string') visit.read.add(property);
      return Reflect.has(target, property);
    },
    ownKeys(target) {
      visit.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** JSON pointer (`/spec/ports/0/nodePort`) → field path, with list indexes as numbers. */
function pointerToPath(pointer: string, value: unknown): Array<string | number> {
  const path: Array<string | number> = [];
  let current = value;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = (current as Record<string, unknown> | undefined)?.[segment];
    }
  }
  return path;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list ("- item" lines)',
};

function typeHint(expected: string, found: unknown): string | undefined {
  if (expected === 'integer' && typeof found === 'string' && /^\d+$/.test(found)) {
    return `write ${found} without quotes: a quoted number is a string`;
  }
  if (expected === 'string' && (typeof found === 'number' || typeof found === 'boolean')) {
    return `quote it: "${String(found)}" (YAML reads ${String(found)} as a ${typeof found})`;
  }
  if (expected === 'array' && typeof found === 'object' && found !== null) {
    return 'start each list item with "- " on its own line';
  }
  return undefined;
}

function unknownFieldDiagnostics(object: ManifestObject, visits: Visit[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const visit of visits) {
    // A map (labels, selector) is iterated, so any key is fine; an object never read has no schema here
    // (e.g. it sits under a field of the wrong type, which is reported on its own).
    if (visit.enumerated || visit.read.size === 0) continue;
    const known = [...visit.read].filter((name) => name !== 'constructor' && name !== 'toJSON');
    for (const key of visit.keys) {
      if (visit.read.has(key)) continue;
      const fullPath = [...visit.path, key];
      const suffix = didYouMeanSuffix(key, known);
      const strict = `kubectl apply would fail: strict decoding error: unknown field "${fieldPathText(fullPath)}"`;
      const selectorHint =
        visit.path.at(-1) === 'selector' && known.includes('matchLabels')
          ? `this selector is a LabelSelector: write it under matchLabels (selector: {matchLabels: {${key}: …}})`
          : undefined;
      const legacyHint = legacyBackendHint(object, visit.path, key);
      const fieldsHint =
        !suffix && !selectorHint && !legacyHint && known.length <= 16
          ? `fields here: ${known.sort().join(', ')}`
          : undefined;
      diagnostics.push(
        diagnosticAt(object, fullPath, 'key', {
          severity: 'error',
          rule: 'unknown-field',
          message: `unknown field "${key}"${suffix}`,
          hint: [legacyHint ?? selectorHint ?? fieldsHint, strict].filter(Boolean).join('; '),
        }),
      );
    }
  }
  return diagnostics;
}

/**
 * `serviceName` / `servicePort` on a networking.k8s.io/v1 Ingress backend: the v1beta1 form, which v1
 * spells as `service.name` and `service.port.number` (or `service.port.name`).
 */
function legacyBackendHint(object: ManifestObject, path: Visit['path'], key: string): string | undefined {
  if (object.kind !== 'Ingress' || (key !== 'serviceName' && key !== 'servicePort')) return undefined;
  const parent = path.at(-1);
  if (parent !== 'backend' && parent !== 'defaultBackend') return undefined;
  return key === 'serviceName'
    ? `${key} is the v1beta1 form; networking.k8s.io/v1 names the Service as backend.service.name`
    : `${key} is the v1beta1 form; networking.k8s.io/v1 writes backend.service.port.number (or backend.service.port.name for a named port)`;
}

/** Required fields better explained by a dedicated rule, so the schema does not report them twice. */
const EXPLAINED_ELSEWHERE = new Set(['pathType']);

function schemaErrorDiagnostic(object: ManifestObject, error: SchemaError): Diagnostic | undefined {
  const path = pointerToPath(error.instancePath, object.value);
  const field = fieldPathText(path) || 'the object';
  const found = valueAt(object.value, path);
  const last = path.at(-1);
  const name = typeof last === 'string' ? last : field;
  switch (error.keyword) {
    case 'type': {
      const expected = String(error.params.type);
      return diagnosticAt(object, path, 'value', {
        severity: 'error',
        rule: 'wrong-type',
        message: `${name} must be ${TYPE_NAMES[expected] ?? expected}, found ${describe(found)}`,
        hint: typeHint(expected, found) ?? `field ${field}`,
      });
    }
    case 'enum': {
      if (path.length === 1 && (last === 'apiVersion' || last === 'kind')) return undefined;
      const allowed = (error.params.allowedValues as unknown[]).filter((v) => v !== null).map(String);
      return diagnosticAt(object, path, 'value', {
        severity: 'error',
        rule: 'invalid-value',
        message: `${name} ${JSON.stringify(found)} is not one of ${allowed.map((v) => `"${v}"`).join(', ')}${didYouMeanSuffix(String(found), allowed)}`,
        hint: 'values are case-sensitive',
      });
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      if (EXPLAINED_ELSEWHERE.has(missing)) return undefined;
      return diagnosticAt(object, path, path.length === 0 ? 'value' : 'key', {
        severity: 'error',
        rule: 'missing-field',
        message: `missing required field "${missing}" in ${field}`,
        hint: `add ${fieldPathText([...path, missing])}`,
      });
    }
    default:
      return diagnosticAt(object, path, 'value', {
        severity: 'error',
        rule: 'invalid-value',
        message: `${name} is not valid: ${error.message ?? `fails the schema's ${error.keyword} check`}`,
      });
  }
}

/** All schema diagnostics for an object whose apiVersion/kind resolved to `schema`. */
export function validateSchema(object: ManifestObject, schema: KindSchema): Diagnostic[] {
  const visits: Visit[] = [];
  const errors = schema.validate(track(object.value, [], visits));
  const diagnostics = unknownFieldDiagnostics(object, visits);
  const seen = new Set<string>();
  for (const error of errors) {
    const key = `${error.instancePath}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic = schemaErrorDiagnostic(object, error);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  return diagnostics;
}
