// CustomResourceDefinition (apiextensions.k8s.io/v1) itself: the API server's checks of what
// matters to serving it (name = plural.group, group, scope, names, versions with exactly one
// storage version, a structural schema per version, printer columns) and the status its
// controllers write: NamesAccepted (the names collide with no other CRD of the group) and
// Established (served), with acceptedNames and storedVersions.
import type { RegistryContext, ResourceStrategy } from '../core/strategy.ts';
import type { KubeObject } from '../core/types.ts';
import {
  type FieldError,
  FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
  toInvalid,
} from '../registry/field-errors.ts';
import { GoRepr } from '../registry/go-format.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../registry/metadata.ts';
import { isDNS1035Label, isDNS1123Subdomain } from '../registry/names.ts';
import { compileRule } from './cel.ts';
import { crdUnknownFields } from './crd-decode.ts';
import type { Schema } from './schema.ts';

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_KIND = 'CustomResourceDefinition';
export const CRD_REF = { apiVersion: `${CRD_GROUP}/v1`, kind: CRD_KIND } as const;

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: object; scale?: object };
  additionalPrinterColumns?: PrinterColumn[];
}

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
}

function nowSeconds(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** The structural-schema rules that matter to serving: every node typed, known types, rules compile. */
function validateStructural(schema: Schema, at: FieldPath, root: boolean, errors: FieldError[]): void {
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (schema.type === undefined && !intOrString && !preserve) {
    errors.push(required(at.child('type'), 'must not be empty for specified object fields'));
  } else if (schema.type !== undefined && !SCHEMA_TYPES.includes(schema.type)) {
    errors.push(notSupported(at.child('type'), schema.type, SCHEMA_TYPES));
  }
  if (root && schema.type !== undefined && schema.type !== 'object') {
    errors.push(invalid(at.child('type'), schema.type, 'must be object at the root'));
  }
  if (schema.type === 'array' && !schema.items) {
    errors.push(required(at.child('items'), 'must be specified'));
  }
  if (
    schema.properties &&
    schema.additionalProperties !== undefined &&
    schema.additionalProperties !== false
  ) {
    errors.push(
      forbidden(at.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive'),
    );
  }
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const compiled = compileRule(rule.rule);
    if (compiled instanceof Error) {
      errors.push(
        invalid(
          at.child('x-kubernetes-validations').index(i).child('rule'),
          rule.rule,
          `compilation failed: ${compiled.message}`,
        ),
      );
    }
  });
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    validateStructural(child, at.child('properties').key(name), false, errors);
  }
  if (schema.items) validateStructural(schema.items, at.child('items'), false, errors);
  if (typeof schema.additionalProperties === 'object') {
    validateStructural(schema.additionalProperties, at.child('additionalProperties'), false, errors);
  }
}

function dns1035(value: string | undefined, at: FieldPath, errors: FieldError[], mixedCase = false): void {
  if (!value) return;
  const problems = isDNS1035Label(mixedCase ? value.toLowerCase() : value);
  if (problems.length) {
    const prefix = mixedCase ? 'may have mixed case, but should otherwise match: ' : '';
    errors.push(invalid(at, value, `${prefix}${problems.join(',')}`));
  }
}

function versionsRepr(versions: CrdVersion[]): GoRepr {
  return new GoRepr(
    `[]apiextensions.CustomResourceDefinitionVersion{${versions.map((v) => `{Name:"${v.name}", Served:${v.served}, Storage:${v.storage}}`).join(', ')}}`,
  );
}

export function validateCrdSpec(object: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = (object.spec ?? {}) as Partial<CrdSpec>;
  const at = FieldPath.of('spec');
  const names = (spec.names ?? {}) as Partial<CrdNames>;
  const expected = `${names.plural ?? ''}.${spec.group ?? ''}`;
  if (object.metadata.name && object.metadata.name !== expected) {
    errors.push(
      invalid(
        FieldPath.of('metadata', 'name'),
        object.metadata.name,
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  }
  if (!spec.group) errors.push(required(at.child('group'), ''));
  else {
    for (const msg of isDNS1123Subdomain(spec.group))
      errors.push(invalid(at.child('group'), spec.group, msg));
    if (spec.group.split('.').length < 2) {
      errors.push(invalid(at.child('group'), spec.group, 'should be a domain with at least one dot'));
    }
  }
  if (!spec.scope) errors.push(required(at.child('scope'), ''));
  else if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    errors.push(notSupported(at.child('scope'), spec.scope, ['Cluster', 'Namespaced']));
  }
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) errors.push(required(at.child('versions'), 'must have at least one version'));
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((version, i) => {
    const vAt = at.child('versions').index(i);
    if (seen.has(version.name)) unique = false;
    seen.add(version.name);
    for (const msg of isDNS1035Label(version.name ?? ''))
      errors.push(invalid(vAt.child('name'), version.name ?? '', msg));
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) errors.push(required(vAt.child('schema', 'openAPIV3Schema'), 'schemas are required'));
    else validateStructural(schema, vAt.child('schema', 'openAPIV3Schema'), true, errors);
    (version.additionalPrinterColumns ?? []).forEach((column, j) => {
      const cAt = vAt.child('additionalPrinterColumns').index(j);
      if (!column.name) errors.push(required(cAt.child('name'), ''));
      if (!column.jsonPath) errors.push(required(cAt.child('jsonPath'), ''));
      const types = ['boolean', 'date', 'integer', 'number', 'string'];
      if (!types.includes(column.type))
        errors.push(notSupported(cAt.child('type'), column.type ?? '', types));
    });
  });
  if (!unique)
    errors.push(invalid(at.child('versions'), versionsRepr(versions), 'must contain unique version names'));
  if (versions.length > 0 && versions.filter((v) => v.storage).length !== 1) {
    errors.push(
      invalid(
        at.child('versions'),
        versionsRepr(versions),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  const nAt = at.child('names');
  if (!names.plural) errors.push(required(nAt.child('plural'), ''));
  if (!names.singular) errors.push(required(nAt.child('singular'), ''));
  if (!names.kind) errors.push(required(nAt.child('kind'), ''));
  if (!names.listKind) errors.push(required(nAt.child('listKind'), ''));
  dns1035(names.plural, nAt.child('plural'), errors);
  dns1035(names.singular, nAt.child('singular'), errors);
  dns1035(names.kind, nAt.child('kind'), errors, true);
  dns1035(names.listKind, nAt.child('listKind'), errors, true);
  (names.shortNames ?? []).forEach((s, i) => {
    dns1035(s, nAt.child('shortNames').index(i), errors);
  });
  (names.categories ?? []).forEach((c, i) => {
    dns1035(c, nAt.child('categories').index(i), errors);
  });
  if (names.kind && names.kind === names.listKind) {
    errors.push(
      invalid(
        nAt.child('listKind'),
        names.listKind,
        'kind and listKind may not be the same or parsing become ambiguous',
      ),
    );
  }
  return errors;
}

/** Defaults the API server applies to a CRD (listKind, singular). */
function defaultCrd(object: KubeObject): void {
  const names = object.spec?.names;
  if (names && typeof names === 'object') {
    if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
    if (!names.listKind && typeof names.kind === 'string') names.listKind = `${names.kind}List`;
  }
  for (const version of object.spec?.versions ?? []) {
    for (const column of version?.additionalPrinterColumns ?? []) column.priority ??= 0;
  }
}

/** A name that another CRD of the same group already claims (plural, singular, kind, short names). */
function nameConflict(object: KubeObject, ctx: RegistryContext): string | undefined {
  const spec = object.spec as CrdSpec;
  const others = ctx
    .list(CRD_REF)
    .items.filter((o) => o.metadata.name !== object.metadata.name && o.spec?.group === spec.group);
  for (const other of others) {
    const taken = other.status?.acceptedNames as Partial<CrdNames> | undefined;
    if (!taken) continue;
    if (taken.plural === spec.names.plural) return `"${spec.names.plural}" is already in use`;
    if (taken.kind === spec.names.kind) return `"${spec.names.kind}" is already in use`;
    const short = new Set(taken.shortNames ?? []);
    const clash = (spec.names.shortNames ?? []).find((s) => short.has(s));
    if (clash) return `"${clash}" is already in use`;
  }
  return undefined;
}

function condition(type: string, status: string, reason: string, message: string, old?: KubeObject) {
  const previous = (old?.status?.conditions as Array<Record<string, string>> | undefined)?.find(
    (c) => c.type === type,
  );
  const lastTransitionTime =
    previous && previous.status === status ? previous.lastTransitionTime : nowSeconds();
  return { type, status, lastTransitionTime, reason, message };
}

/** Computes status as the naming and establishing controllers would, synchronously. */
function writeStatus(object: KubeObject, ctx: RegistryContext, old?: KubeObject): void {
  const spec = object.spec as CrdSpec;
  const conflict = nameConflict(object, ctx);
  const storage = spec.versions.find((v) => v.storage)?.name;
  const stored = new Set<string>(old?.status?.storedVersions ?? []);
  if (storage) stored.add(storage);
  object.status = {
    acceptedNames: conflict
      ? (old?.status?.acceptedNames ?? { plural: '', kind: '' })
      : structuredClone(spec.names),
    conditions: conflict
      ? [
          condition('NamesAccepted', 'False', 'NameConflict', conflict, old),
          condition('Established', 'False', 'NotAccepted', 'not all names are accepted', old),
        ]
      : [
          condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', old),
          condition(
            'Established',
            'True',
            'InitialNamesAccepted',
            'the initial names have been accepted',
            old,
          ),
        ],
    storedVersions: [...stored],
  };
}

/** Whether a stored CRD is Established (its resources are served). */
export function isEstablished(crd: KubeObject): boolean {
  return (crd.status?.conditions ?? []).some(
    (c: { type?: string; status?: string }) => c.type === 'Established' && c.status === 'True',
  );
}

export interface CrdStrategyHooks {
  /** After a CRD was stored (created or updated): serve or re-serve its resources. */
  stored(crd: KubeObject): void;
  /** After a CRD was removed: stop serving its resources and delete them. */
  removed(crd: KubeObject): void;
}

export function crdStrategy(ctx: RegistryContext, hooks: CrdStrategyHooks): ResourceStrategy {
  const meta = { namespaced: false, nameRule: 'dns1123-subdomain' as const };
  const validate = (object: KubeObject, old?: KubeObject) => {
    const errors = old
      ? [
          ...validateObjectMetaUpdate(object.metadata, old.metadata, FieldPath.of('metadata')),
          ...validateObjectMeta(object.metadata, meta, FieldPath.of('metadata')),
        ]
      : validateObjectMeta(object.metadata, meta, FieldPath.of('metadata'));
    errors.push(...validateCrdSpec(object));
    if (old) {
      if (object.spec?.group !== old.spec?.group) {
        errors.push(invalid(FieldPath.of('spec', 'group'), object.spec?.group ?? '', 'field is immutable'));
      }
      if (isEstablished(old) && object.spec?.scope !== old.spec?.scope) {
        errors.push(invalid(FieldPath.of('spec', 'scope'), object.spec?.scope ?? '', 'field is immutable'));
      }
    }
    return toInvalid(CRD_KIND, CRD_GROUP, object.metadata.name ?? '', errors);
  };
  return {
    unknownFields: crdUnknownFields,
    default: defaultCrd,
    beginCreate: (object) => (ok) => {
      if (ok) hooks.stored(object);
    },
    beginUpdate: (object) => (ok) => {
      if (ok) hooks.stored(object);
    },
    prepareForCreate: (object) => {
      delete object.status;
    },
    prepareForUpdate: (object, old) => {
      if (object.status === undefined && old.status !== undefined)
        object.status = structuredClone(old.status);
    },
    validateCreate(object) {
      const invalidError = validate(object);
      if (!invalidError) writeStatus(object, ctx);
      return invalidError;
    },
    validateUpdate(object, old) {
      const invalidError = validate(object, old);
      if (!invalidError) writeStatus(object, ctx, old);
      return invalidError;
    },
    afterDelete: (object) => hooks.removed(object),
  };
}
