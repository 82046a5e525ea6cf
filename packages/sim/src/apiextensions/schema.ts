// Structural OpenAPI v3 schemas of CustomResourceDefinitions, applied the way the API server applies
// them to a custom resource: unknown fields found (strict decoding) or pruned, nulls of non-nullable
// fields dropped, defaults filled top-down, then the schema's value checks with the messages of
// kube-openapi's validator as apiextensions-apiserver turns them into field errors.
import {
  duplicate,
  type FieldError,
  FieldPath,
  invalid,
  notSupported,
  required,
  tooLong,
  tooMany,
} from '../registry/field-errors.ts';
import { GoRepr, goQuote } from '../registry/go-format.ts';
import { isIPv6 } from '../registry/names.ts';

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** JSONSchemaProps as a CRD writes them (only what the sim evaluates is typed). */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  uniqueItems?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The schema of a map value or of a named property (undefined: the field is not declared). */
export function childSchema(schema: Schema, key: string): Schema | undefined {
  const declared = schema.properties?.[key];
  if (declared) return declared;
  if (isObject(schema.additionalProperties)) return schema.additionalProperties;
  return undefined;
}

function preservesUnknown(schema: Schema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
}

/**
 * Paths of fields the schema does not declare, as the API server names them in
 * `strict decoding error: unknown field "spec.foo"` (document order). `root` skips
 * apiVersion/kind/metadata, which every object has.
 */
export function unknownFieldPaths(schema: Schema, value: unknown, at = '', root = true): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    if (schema.items) {
      value.forEach((item, i) => {
        out.push(...unknownFieldPaths(schema.items as Schema, item, `${at}[${i}]`, false));
      });
    }
    return out;
  }
  if (!isObject(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    if (root && ROOT_FIELDS.has(key)) continue;
    const path = at ? `${at}.${key}` : key;
    const sub = childSchema(schema, key);
    if (!sub) {
      if (!preservesUnknown(schema)) out.push(path);
      continue;
    }
    if (sub['x-kubernetes-embedded-resource']) continue;
    out.push(...unknownFieldPaths(sub, child, path, false));
  }
  return out;
}

/** Removes what unknownFieldPaths reports (pruning; `fieldValidation=Ignore|Warn`). */
export function prune(schema: Schema, value: unknown, root = true): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) prune(schema.items, item, false);
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (root && ROOT_FIELDS.has(key)) continue;
    const sub = childSchema(schema, key);
    if (!sub) {
      if (!preservesUnknown(schema)) delete value[key];
      continue;
    }
    if (!sub['x-kubernetes-embedded-resource']) prune(sub, value[key], false);
  }
}

/**
 * Defaulting as the API server does it on decode and on read: a null in a non-nullable field is
 * dropped (or replaced by its default), absent properties with a default get a copy of it, then the
 * children (including the defaults just set) are defaulted in turn.
 */
export function applyDefaults(schema: Schema, value: unknown): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applyDefaults(schema.items, item);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (value[key] === null && !sub.nullable) {
      if (sub.default !== undefined) value[key] = structuredClone(sub.default);
      else delete value[key];
    }
    if (value[key] === undefined && sub.default !== undefined) value[key] = structuredClone(sub.default);
  }
  for (const [key, child] of Object.entries(value)) {
    const sub = childSchema(schema, key);
    if (sub) applyDefaults(sub, child);
  }
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(schema: Schema, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  }
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The string formats the API server checks for CRDs; any other format name passes. */
function formatOk(format: string, value: string): boolean {
  switch (format) {
    case 'ipv4':
      return IPV4.test(value);
    case 'ipv6':
      return isIPv6(value);
    case 'date-time':
      return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
    case 'uuid':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);
    default:
      return true;
  }
}

/** Go's %v of a JSON number (integers bare, floats as Go prints them). */
function goNumber(value: number): string {
  return String(value);
}

export interface SchemaIssues {
  errors: FieldError[];
  /** Errors that stop CEL rules from running (Unsupported, Required, Too long, Too many, type). */
  blocking: boolean;
}

function runeLength(text: string): number {
  return [...text].length;
}

const patternCache = new Map<string, RegExp | null>();

function compiledPattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re;
}

/** Whether `value` passes `schema` (used by oneOf/anyOf/not, whose own errors are not reported). */
function passes(schema: Schema, value: unknown): boolean {
  const issues: SchemaIssues = { errors: [], blocking: false };
  validateValue(schema, value, FieldPath.of(''), issues);
  return issues.errors.length === 0;
}

function listMapKey(item: unknown, keys: string[]): string {
  return JSON.stringify(keys.map((k) => (isObject(item) ? (item[k] ?? null) : null)));
}

/** Every schema check of `value` at `at`, appended to `issues` in the validator's order. */
export function validateValue(schema: Schema, value: unknown, at: FieldPath, issues: SchemaIssues): void {
  const where = String(at);
  if (value === null) {
    if (!schema.nullable && schema.type !== undefined) {
      // A null that survived defaulting: the validator reports it as a type error.
      issues.errors.push(invalid(at, 'null', `${where} in body must be of type ${schema.type}: "null"`));
      issues.blocking = true;
    }
    return;
  }
  if (!typeMatches(schema, value)) {
    const found = jsonTypeOf(value);
    const wanted = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type;
    issues.errors.push(invalid(at, found, `${where} in body must be of type ${wanted}: ${goQuote(found)}`));
    issues.blocking = true;
    return;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    const shown = typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
    const error = notSupported(at, shown, []);
    error.detail = `supported values: ${schema.enum.map((e) => (typeof e === 'string' ? goQuote(e) : JSON.stringify(e))).join(', ')}`;
    issues.errors.push(error);
    issues.blocking = true;
  }
  if (typeof value === 'string') validateString(schema, value, at, issues);
  if (typeof value === 'number') validateNumber(schema, value, at, issues);
  if (Array.isArray(value)) validateArray(schema, value, at, issues);
  if (isObject(value)) validateObject(schema, value, at, issues);
  if (schema.allOf) for (const sub of schema.allOf) validateValue(sub, value, at, issues);
  if (schema.oneOf && schema.oneOf.filter((sub) => passes(sub, value)).length !== 1) {
    issues.errors.push(invalid(at, '', `${where} in body must validate one and only one schema (oneOf)`));
  }
  if (schema.anyOf && !schema.anyOf.some((sub) => passes(sub, value))) {
    issues.errors.push(invalid(at, '', `${where} in body must validate at least one schema (anyOf)`));
  }
  if (schema.not && passes(schema.not, value)) {
    issues.errors.push(invalid(at, '', `${where} in body must not validate the schema (not)`));
  }
}

function validateString(schema: Schema, value: string, at: FieldPath, issues: SchemaIssues): void {
  const where = String(at);
  if (schema.maxLength !== undefined && runeLength(value) > schema.maxLength) {
    issues.errors.push(tooLong(at, schema.maxLength));
    issues.blocking = true;
  }
  if (schema.minLength !== undefined && runeLength(value) < schema.minLength) {
    issues.errors.push(
      invalid(at, value, `${where} in body should be at least ${schema.minLength} chars long`),
    );
  }
  if (schema.pattern !== undefined) {
    const re = compiledPattern(schema.pattern);
    if (re && !re.test(value)) {
      issues.errors.push(invalid(at, value, `${where} in body should match '${schema.pattern}'`));
    }
  }
  if (schema.format && !formatOk(schema.format, value)) {
    issues.errors.push(
      invalid(at, value, `${where} in body must be of type ${schema.format}: ${goQuote(value)}`),
    );
  }
}

function validateNumber(schema: Schema, value: number, at: FieldPath, issues: SchemaIssues): void {
  const where = String(at);
  if (schema.maximum !== undefined) {
    const over = schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum;
    if (over) {
      const relation = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
      issues.errors.push(
        invalid(at, value, `${where} in body should be ${relation} ${goNumber(schema.maximum)}`),
      );
    }
  }
  if (schema.minimum !== undefined) {
    const under = schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum;
    if (under) {
      const relation = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      issues.errors.push(
        invalid(at, value, `${where} in body should be ${relation} ${goNumber(schema.minimum)}`),
      );
    }
  }
}

function validateArray(schema: Schema, value: unknown[], at: FieldPath, issues: SchemaIssues): void {
  const where = String(at);
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    issues.errors.push(tooMany(at, value.length, schema.maxItems));
    issues.blocking = true;
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    issues.errors.push(
      invalid(at, value.length, `${where} in body should have at least ${schema.minItems} items`),
    );
  }
  if (schema.items) {
    value.forEach((item, i) => {
      validateValue(schema.items as Schema, item, at.index(i), issues);
    });
  }
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || schema.uniqueItems) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) {
        const shown = typeof item === 'string' || typeof item === 'number' ? item : new GoRepr(key);
        issues.errors.push(duplicate(at.index(i), shown));
      }
      seen.add(key);
    });
  }
  if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = listMapKey(item, keys);
      if (seen.has(key)) {
        // Go prints the key fields as a map: map[string]interface {}{"name":"http"}
        const fields = keys.map((k) => `${goQuote(k)}:${JSON.stringify(isObject(item) ? item[k] : null)}`);
        issues.errors.push(
          duplicate(at.index(i), new GoRepr(`map[string]interface {}{${fields.join(', ')}}`)),
        );
      }
      seen.add(key);
    });
  }
}

function validateObject(
  schema: Schema,
  value: Record<string, unknown>,
  at: FieldPath,
  issues: SchemaIssues,
): void {
  const where = String(at);
  const count = Object.keys(value).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    issues.errors.push(tooMany(at, count, schema.maxProperties));
    issues.blocking = true;
  }
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    issues.errors.push(
      invalid(at, count, `${where} in body should have at least ${schema.minProperties} properties`),
    );
  }
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) {
      issues.errors.push(required(childPath(at, name)));
      issues.blocking = true;
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (at.toString() === '' && ROOT_FIELDS.has(key)) continue;
    const sub = childSchema(schema, key);
    if (!sub) continue;
    validateValue(
      sub,
      child,
      isObject(schema.additionalProperties) && !schema.properties?.[key] ? at.key(key) : childPath(at, key),
      issues,
    );
  }
}

/** `spec` under the root, `spec.rules` below it. */
export function childPath(at: FieldPath, name: string): FieldPath {
  return at.toString() === '' ? FieldPath.of(name) : at.child(name);
}

export type { Json };
