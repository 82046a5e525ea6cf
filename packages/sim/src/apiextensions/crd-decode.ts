// Strict decoding of a CustomResourceDefinition body: the field names of apiextensions.k8s.io/v1
// (CRD, names, versions, JSONSchemaProps, validation rules) checked by hand, because a generated
// validator stops reading a schema at its first error and would report the rest as unknown.
import { unknownFields } from '../registry/strict-decode.ts';

const TOP = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC = ['group', 'names', 'scope', 'versions', 'conversion', 'preserveUnknownFields'];
const NAMES = ['plural', 'singular', 'shortNames', 'kind', 'listKind', 'categories'];
const VERSION = [
  'name',
  'served',
  'storage',
  'deprecated',
  'deprecationWarning',
  'schema',
  'subresources',
  'additionalPrinterColumns',
  'selectableFields',
];
const SUBRESOURCES = ['status', 'scale'];
const SCALE = ['specReplicasPath', 'statusReplicasPath', 'labelSelectorPath'];
const COLUMN = ['name', 'type', 'format', 'description', 'priority', 'jsonPath'];
const RULE = ['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'];
const SCHEMA = new Set([
  'id',
  '$schema',
  '$ref',
  'description',
  'type',
  'format',
  'title',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
  'patternProperties',
  'dependencies',
  'additionalItems',
  'definitions',
  'externalDocs',
  'example',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function keys(value: unknown, allowed: readonly string[] | Set<string>, at: string, out: string[]): void {
  if (!isObject(value)) return;
  const set = allowed instanceof Set ? allowed : new Set(allowed);
  for (const key of Object.keys(value)) if (!set.has(key)) out.push(`${at}.${key}`);
}

function eachItem(value: unknown, at: string, visit: (item: unknown, at: string) => void): void {
  if (!Array.isArray(value)) return;
  value.forEach((item, i) => {
    visit(item, `${at}[${i}]`);
  });
}

function schemaFields(schema: unknown, at: string, out: string[]): void {
  if (!isObject(schema)) return;
  keys(schema, SCHEMA, at, out);
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties))
      schemaFields(child, `${at}.properties.${name}`, out);
  }
  if (isObject(schema.items)) schemaFields(schema.items, `${at}.items`, out);
  if (isObject(schema.additionalProperties))
    schemaFields(schema.additionalProperties, `${at}.additionalProperties`, out);
  if (isObject(schema.not)) schemaFields(schema.not, `${at}.not`, out);
  for (const list of ['allOf', 'oneOf', 'anyOf'] as const) {
    eachItem(schema[list], `${at}.${list}`, (item, where) => schemaFields(item, where, out));
  }
  eachItem(schema['x-kubernetes-validations'], `${at}.x-kubernetes-validations`, (rule, where) =>
    keys(rule, RULE, where, out),
  );
}

/** Unknown field paths of a CRD body, as strict decoding names them. */
export function crdUnknownFields(body: Obj): string[] {
  const out: string[] = [];
  for (const key of Object.keys(body)) if (!TOP.includes(key)) out.push(key);
  if (isObject(body.metadata)) {
    out.push(...unknownFields({ apiVersion: 'v1', kind: 'ConfigMap', metadata: body.metadata }));
  }
  const spec = body.spec;
  if (!isObject(spec)) return out;
  keys(spec, SPEC, 'spec', out);
  keys(spec.names, NAMES, 'spec.names', out);
  eachItem(spec.versions, 'spec.versions', (version, at) => {
    if (!isObject(version)) return;
    keys(version, VERSION, at, out);
    if (isObject(version.schema)) {
      keys(version.schema, ['openAPIV3Schema'], `${at}.schema`, out);
      schemaFields(version.schema.openAPIV3Schema, `${at}.schema.openAPIV3Schema`, out);
    }
    if (isObject(version.subresources)) {
      keys(version.subresources, SUBRESOURCES, `${at}.subresources`, out);
      keys(version.subresources.scale, SCALE, `${at}.subresources.scale`, out);
    }
    eachItem(version.additionalPrinterColumns, `${at}.additionalPrinterColumns`, (column, where) =>
      keys(column, COLUMN, where, out),
    );
  });
  return out;
}
