// Step 1 of every write: check the body is an object of the URL's kind, then strict field
// validation (unknown fields → 400, a warning, or silently dropped, per `fieldValidation`).
import type { ResourceStrategy } from '../../core/strategy.ts';
import { badRequest, type KubeObject, type ResourceType } from '../../core/types.ts';
import { firstTypeMismatch } from '../../registry/strict-decode.ts';
import { groupVersion } from '../../resources.ts';
import { removeFieldPath } from './object-path.ts';
import type { FieldValidation } from './types.ts';

/** Groups served from CustomResourceDefinitions: their decoder is not the built-in scheme. */
const CUSTOM_RESOURCE_GROUPS = new Set(['traefik.io', 'gateway.networking.k8s.io']);

export function decodeBody(
  type: ResourceType,
  body: unknown,
  fieldValidation: FieldValidation | undefined,
  strategy: ResourceStrategy,
  warnings: string[],
): KubeObject {
  const gv = groupVersion(type);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: expected an object, found ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`,
    );
  }
  const object = structuredClone(body) as KubeObject;
  // client-node sends bodies without kind/apiVersion; the API server takes them from the URL.
  object.apiVersion ??= gv;
  object.kind ??= type.kind;
  if (
    object.apiVersion === gv &&
    typeof object.kind === 'string' &&
    object.kind !== type.kind &&
    object.kind.toLowerCase() === type.kind.toLowerCase() &&
    !CUSTOM_RESOURCE_GROUPS.has(type.group) &&
    !type.customResource
  ) {
    // kubectl finds the resource whatever the kind's case, but the server's scheme only knows the
    // exact name: the decoder names the kind as written and the scheme of the built-in types.
    throw badRequest(
      `${object.kind} in version "${type.version}" cannot be handled as a ${type.kind}: no kind "${object.kind}" is registered for version "${gv}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (object.kind !== type.kind || object.apiVersion !== gv) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: the body is a ${object.kind} in version "${object.apiVersion}" but this URL serves ${type.kind} in version "${gv}"`,
    );
  }
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  if (typeof object.metadata !== 'object' || Array.isArray(object.metadata)) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: metadata must be an object`,
    );
  }
  const mismatch = firstTypeMismatch(object);
  if (mismatch) {
    // Go's json decoder stops at the first value of the wrong type, whatever fieldValidation says.
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${mismatch.found} into Go struct field ${mismatch.path} of type ${mismatch.expected}`,
    );
  }
  const unknown = strategy.unknownFields?.(object) ?? [];
  if (unknown.length > 0) {
    const mode = fieldValidation ?? 'Warn';
    if (mode === 'Strict') {
      throw badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`,
      );
    }
    if (mode === 'Warn') for (const field of unknown) warnings.push(`unknown field "${field}"`);
    for (const field of unknown) removeFieldPath(object, field);
  }
  return object;
}

export function parseFieldValidation(value: string | undefined): FieldValidation | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation must be one of "Ignore", "Warn" or "Strict", got "${value}"`);
}
