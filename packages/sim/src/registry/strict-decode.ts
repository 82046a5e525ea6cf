// Strict decoding (fieldValidation=Strict): finds the fields a body has that the kind's schema does
// not know, printed as the API server prints them (`spec.ports[0].nordPort`, `metadata.app`).
//
// The schemas are the ones kubernetes-models generated from the Kubernetes OpenAPI. The package
// ships them as compiled validators rather than JSON, and those validators read every property the
// schema declares. So we run the validator over a recording proxy of the body: an object whose
// declared properties were read has a schema (its other keys are unknown); an object whose keys were
// enumerated is a free map (labels, data, selector); an object never looked into is free-form
// (fieldsV1, RawExtension) and takes anything.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Access {
  keys: Set<string>;
  enumerated: boolean;
}

type Validate = (data: unknown) => void;

const cache = new Map<string, Validate | null>();

function loadValidate(modulePath: string, exportName: string): Validate | null {
  const cacheKey = `${modulePath}#${exportName}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  let validate: Validate | null = null;
  try {
    const mod = require(modulePath) as Record<string, { prototype: { validate: (this: unknown) => void } }>;
    const model = mod[exportName];
    if (model) validate = (data) => model.prototype.validate.call(data);
  } catch {
    validate = null; // the package has no model for this kind
  }
  cache.set(cacheKey, validate);
  return validate;
}

function record(value: unknown, accesses: WeakMap<object, Access>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const target = value as object;
  if (!accesses.has(target)) accesses.set(target, { keys: new Set(), enumerated: false });
  const access = accesses.get(target) as Access;
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string') access.keys.add(key);
      return record(Reflect.get(t, key, receiver), accesses);
    },
    ownKeys(t) {
      access.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

function collect(value: unknown, at: string, accesses: WeakMap<object, Access>, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      collect(item, `${at}[${i}]`, accesses, out);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const access = accesses.get(value);
  if (!access || (access.keys.size === 0 && !access.enumerated)) return; // free-form
  for (const [key, child] of Object.entries(value)) {
    const childPath = at ? `${at}.${key}` : key;
    if (!access.enumerated && !access.keys.has(key)) {
      out.push(childPath);
      continue;
    }
    collect(child, childPath, accesses, out);
  }
}

function unknownWith(validate: Validate, body: unknown, prefix: string): string[] {
  const accesses = new WeakMap<object, Access>();
  try {
    validate(record(body, accesses));
  } catch {
    // Schema violations (wrong types, enums) are not our concern here; only the accesses are.
  }
  const out: string[] = [];
  collect(body, prefix, accesses, out);
  return out;
}

/** Kinds served from CRDs whose spec is schemaless in the sim (Traefik's Middleware and friends). */
const OPEN_SPEC_GROUPS = new Set(['traefik.io', 'traefik.containo.us']);
const OPEN_TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

/**
 * Unknown field paths of `body`, in document order. Kinds the schema package does not know get no
 * strict checks, except the open-spec CRD kinds, whose top level and metadata are still checked.
 */
export function unknownFields(body: {
  apiVersion?: string;
  kind?: string;
  [key: string]: unknown;
}): string[] {
  const apiVersion = String(body.apiVersion ?? '');
  const kind = String(body.kind ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (OPEN_SPEC_GROUPS.has(group)) {
    const out: string[] = [];
    const meta = loadValidate('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta', 'ObjectMeta');
    for (const [key, value] of Object.entries(body)) {
      if (!OPEN_TOP_LEVEL.has(key)) out.push(key);
      else if (key === 'metadata' && meta && value && typeof value === 'object')
        out.push(...unknownWith(meta, value, 'metadata'));
    }
    return out;
  }
  if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9.-]*\/?[a-z0-9]+$/.test(apiVersion)) return [];
  const validate = loadValidate(`kubernetes-models/${apiVersion}/${kind}`, kind);
  return validate ? unknownWith(validate, body, '') : [];
}

/** A value whose JSON type is not the one the schema declares: the Go decoder refuses the body. */
export interface TypeMismatch {
  /** Dotted path without list indexes, as Go's json package names the field (`spec.ports.port`). */
  path: string;
  /** The JSON type found (`string`, `number`, `number 3.5`, `bool`, `array`, `object`). */
  found: string;
  /** The schema's type(s) (`integer`, `string or integer`). */
  expected: string;
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  params?: { type?: string };
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'number' : `number ${value}`;
  return typeof value;
}

function valueAt(body: unknown, pointer: string): unknown {
  let at = body;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * The first value of `body` whose JSON type the kind's schema does not allow (`replicas: "three"`,
 * a number as a label value, a string where a list belongs), or undefined. The real API server's Go
 * decoder refuses such a body whatever fieldValidation says; letting it through would hand every
 * controller a shape it cannot handle. A JSON null is accepted anywhere, as Go does.
 */
export function firstTypeMismatch(body: {
  apiVersion?: string;
  kind?: string;
  [key: string]: unknown;
}): TypeMismatch | undefined {
  const apiVersion = String(body.apiVersion ?? '');
  const kind = String(body.kind ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  let validate: Validate | null;
  let target: unknown = body;
  let prefix = '';
  if (OPEN_SPEC_GROUPS.has(group)) {
    validate = loadValidate('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta', 'ObjectMeta');
    target = body.metadata;
    prefix = '/metadata';
    if (target === null || typeof target !== 'object') return undefined;
  } else {
    if (!/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9.-]*\/?[a-z0-9]+$/.test(apiVersion)) return undefined;
    validate = loadValidate(`kubernetes-models/${apiVersion}/${kind}`, kind);
  }
  if (!validate) return undefined;
  let errors: SchemaError[] = [];
  try {
    validate(target);
    return undefined;
  } catch (error) {
    errors = ((error as { errors?: SchemaError[] }).errors ?? []).filter((e) => e.keyword === 'type');
  }
  const byPath = new Map<string, string[]>();
  for (const error of errors) {
    const types = byPath.get(error.instancePath) ?? [];
    if (error.params?.type && !types.includes(error.params.type)) types.push(error.params.type);
    byPath.set(error.instancePath, types);
  }
  for (const [pointer, types] of byPath) {
    const value = valueAt(target, pointer);
    if (value === null || value === undefined) continue;
    const path = `${prefix}${pointer}`
      .split('/')
      .slice(1)
      .filter((segment) => !/^\d+$/.test(segment))
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
      .join('.');
    return { path, found: jsonType(value), expected: types.join(' or ') };
  }
  return undefined;
}
