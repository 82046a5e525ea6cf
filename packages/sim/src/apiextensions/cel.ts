// `x-kubernetes-validations`: CEL rules evaluated with @bufbuild/cel against the schema-typed value,
// at every node of the object that carries rules, with the API server's messages and field paths.
// Programs are parsed and planned once per rule text and cached for the process.
import { type CelEnv, type CelInput, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { type FieldError, type FieldPath, invalid } from '../registry/field-errors.ts';
import { childPath, childSchema, type Schema, type ValidationRule } from './schema.ts';

type Program = (bindings: Record<string, CelInput>) => unknown;

let env: CelEnv | undefined;
const programs = new Map<string, Program | Error>();

function celEnvironment(): CelEnv {
  env ??= celEnv({ funcs: strings });
  return env;
}

/** The planned program of a rule (cached), or the parse error. */
export function compileRule(rule: string): Program | Error {
  let program = programs.get(rule);
  if (!program) {
    try {
      program = plan(celEnvironment(), parse(rule)) as Program;
    } catch (error) {
      program = error instanceof Error ? error : new Error(String(error));
    }
    programs.set(rule, program);
  }
  return program;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The value as CEL sees it under its schema: integers are CEL ints (bigint), objects are maps (so
 * `has(self.x)` tests presence and a missing key is a `no such key` error), lists stay lists.
 */
export function toCel(value: unknown, schema: Schema | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const integral = schema?.type === 'integer' || (schema?.type !== 'number' && Number.isInteger(value));
    return integral ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema?.items)) as CelInput;
  if (isObject(value)) {
    const map = new Map<string, CelInput>();
    for (const [key, child] of Object.entries(value)) {
      map.set(key, toCel(child, schema ? childSchema(schema, key) : undefined));
    }
    return map as CelInput;
  }
  return value as CelInput;
}

/** cel-go's wording for the runtime errors a rule meets most (a missing field is "no such key"). */
function runtimeText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^field not found: /, 'no such key: ');
}

function typeName(schema: Schema): string {
  if (schema['x-kubernetes-int-or-string']) return 'integer';
  return schema.type ?? 'object';
}

function ruleMessage(rule: ValidationRule): string {
  return rule.message ?? `failed rule: ${rule.rule}`;
}

/** Runs one rule; a FieldError when it fails or cannot be evaluated. */
function checkRule(
  rule: ValidationRule,
  schema: Schema,
  value: unknown,
  old: unknown,
  at: FieldPath,
): FieldError | undefined {
  const usesOld = /\boldSelf\b/.test(rule.rule);
  // Transition rules run only on update and only where the old object had this value.
  if (usesOld && old === undefined && !rule.optionalOldSelf) return undefined;
  const program = compileRule(rule.rule);
  const path = rule.fieldPath ? appendFieldPath(at, rule.fieldPath) : at;
  if (program instanceof Error) {
    return invalid(path, typeName(schema), `compilation failed: ${program.message}`);
  }
  const bindings: Record<string, CelInput> = { self: toCel(value, schema) };
  if (usesOld) bindings.oldSelf = toCel(old, schema);
  let result: unknown;
  try {
    result = program(bindings);
  } catch (error) {
    result = error;
  }
  if (result === true) return undefined;
  if (isCelError(result) || result instanceof Error) {
    return invalid(path, typeName(schema), `${runtimeText(result)} evaluating rule: ${ruleMessage(rule)}`);
  }
  if (result === false) return invalid(path, typeName(schema), ruleMessage(rule));
  return invalid(path, typeName(schema), `rule did not evaluate to a bool: ${ruleMessage(rule)}`);
}

function appendFieldPath(at: FieldPath, fieldPath: string): FieldPath {
  let out = at;
  for (const part of fieldPath.split('.').filter((p) => p !== '')) out = childPath(out, part);
  return out;
}

function listMapIndex(schema: Schema, old: unknown): Map<string, unknown> | undefined {
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old)) return undefined;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const index = new Map<string, unknown>();
  for (const item of old) {
    if (isObject(item)) index.set(JSON.stringify(keys.map((k) => item[k] ?? null)), item);
  }
  return index;
}

/**
 * Every rule of `schema` and its descendants against `value` (old values correlated by property
 * name and by list-map key, as the API server correlates them for transition rules).
 */
export function evaluateRules(
  schema: Schema,
  value: unknown,
  old: unknown,
  at: FieldPath,
  out: FieldError[],
): void {
  if (value === null || value === undefined) return;
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    const error = checkRule(rule, schema, value, old, at);
    if (error) out.push(error);
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    const byKey = listMapIndex(schema, old);
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    value.forEach((item, i) => {
      const oldItem =
        byKey && isObject(item) ? byKey.get(JSON.stringify(keys.map((k) => item[k] ?? null))) : undefined;
      evaluateRules(items, item, oldItem, at.index(i), out);
    });
    return;
  }
  if (isObject(value)) {
    const root = String(at) === '';
    for (const [key, child] of Object.entries(value)) {
      if (root && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
      const sub = childSchema(schema, key);
      if (!sub) continue;
      const oldChild = isObject(old) ? old[key] : undefined;
      const declared = schema.properties?.[key] !== undefined;
      evaluateRules(sub, child, oldChild, declared ? childPath(at, key) : at.key(key), out);
    }
  }
}
