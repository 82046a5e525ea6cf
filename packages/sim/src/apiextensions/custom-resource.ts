// The write rules of a custom resource, from its CRD version's schema, in the API server's order
// (apiextensions-apiserver's customresource strategy): strict decoding against the schema (unknown
// fields), defaulting, metadata checks, the OpenAPI schema, list-map/set uniqueness, then the CEL
// rules, which are skipped when the schema found a blocking error.
import type { ResourceStrategy } from '../core/strategy.ts';
import type { KubeObject } from '../core/types.ts';
import { type FieldError, FieldPath, invalid, toInvalid } from '../registry/field-errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../registry/metadata.ts';
import { evaluateRules } from './cel.ts';
import {
  applyDefaults,
  prune,
  type Schema,
  type SchemaIssues,
  unknownFieldPaths,
  validateValue,
} from './schema.ts';

export interface CustomResourceVersion {
  name: string;
  schema: Schema;
  hasStatus: boolean;
}

export interface CustomResourceDefinitionView {
  group: string;
  kind: string;
  namespaced: boolean;
  /** Served versions by name. */
  versions: Map<string, CustomResourceVersion>;
}

const NOT_CHECKED =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

/** Schema errors, then (when none blocks) the CEL rules; the "not checked" line when CEL was skipped. */
export function validateCustomResource(
  schema: Schema,
  object: KubeObject,
  old: KubeObject | undefined,
): FieldError[] {
  const issues: SchemaIssues = { errors: [], blocking: false };
  validateValue(schema, object, FieldPath.of(''), issues);
  const errors = [...issues.errors];
  const hasRules = JSON.stringify(schema).includes('"x-kubernetes-validations"');
  if (!hasRules) return errors;
  if (issues.blocking) {
    const skipped = invalid(FieldPath.of('<nil>'), null, NOT_CHECKED);
    errors.push(skipped);
    return errors;
  }
  evaluateRules(schema, object, old, FieldPath.of(''), errors);
  return errors;
}

export function customResourceStrategy(crd: CustomResourceDefinitionView): ResourceStrategy {
  const versionFor = (object: KubeObject): CustomResourceVersion | undefined =>
    crd.versions.get(versionOf(object.apiVersion));
  const meta = { namespaced: crd.namespaced, nameRule: 'dns1123-subdomain' as const };
  const validate = (object: KubeObject, old: KubeObject | undefined) => {
    const version = versionFor(object);
    const errors: FieldError[] = old
      ? [
          ...validateObjectMetaUpdate(object.metadata, old.metadata, FieldPath.of('metadata')),
          ...validateObjectMeta(object.metadata, meta, FieldPath.of('metadata')),
        ]
      : validateObjectMeta(object.metadata, meta, FieldPath.of('metadata'));
    if (version) errors.push(...validateCustomResource(version.schema, object, old));
    return toInvalid(crd.kind, crd.group, object.metadata.name ?? '', errors);
  };
  const defaults = (object: KubeObject) => {
    const version = versionFor(object);
    if (version) applyDefaults(version.schema, object);
  };
  return {
    unknownFields(body) {
      const version = versionFor(body);
      return version ? unknownFieldPaths(version.schema, body) : [];
    },
    default: defaults,
    prepareForCreate(object) {
      const version = versionFor(object);
      if (!version) return;
      // With a status subresource, status is written through /status only; its defaults show as on read.
      if (version.hasStatus) delete object.status;
      prune(version.schema, object);
      applyDefaults(version.schema, object);
    },
    prepareForUpdate(object) {
      const version = versionFor(object);
      if (!version) return;
      prune(version.schema, object);
      applyDefaults(version.schema, object);
    },
    validateCreate: (object) => validate(object, undefined),
    validateUpdate: (object, old) => validate(object, old),
  };
}
