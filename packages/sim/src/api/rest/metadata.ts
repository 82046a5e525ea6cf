// Server-owned metadata: names from generateName, uids, timestamps, generation (managedFields: ../patch/record.ts),
// and the name check applied to kinds the registry has no rules for.
import { randomUUID } from 'node:crypto';
import { type KubeObject, type ResourceType, StatusError } from '../../core/types.ts';

/** Kinds whose strategies maintain metadata.generation (bumped on spec changes). */
const GENERATION_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'Ingress',
  'IngressClass',
  'EndpointSlice',
  'Pod',
  'Middleware',
  'CustomResourceDefinition',
]);

export function tracksGeneration(type: ResourceType): boolean {
  return type.customResource === true || GENERATION_KINDS.has(type.kind);
}

// The alphabet of apiserver's names.SimpleNameGenerator (no vowels, no confusable characters).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateName(prefix: string): string {
  const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return base + suffix;
}

export function newUid(): string {
  return randomUUID();
}

/** RFC 3339 with seconds precision, as metav1.Time serialises. */
export function now(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A 422 Invalid in the API server's shape for one field error. */
export function invalidField(
  type: ResourceType,
  name: string,
  field: string,
  reason: string,
  detail: string,
): StatusError {
  return new StatusError(422, 'Invalid', `${qualifiedKind(type)} "${name}" is invalid: ${field}: ${detail}`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes: [{ reason, message: detail, field }],
  });
}

/** metadata.name rules for kinds the registry does not validate (DNS-1123 subdomain). */
export function validateNameFallback(type: ResourceType, object: KubeObject): StatusError | undefined {
  const name = object.metadata.name ?? '';
  if (name === '') {
    return invalidField(
      type,
      name,
      'metadata.name',
      'FieldValueRequired',
      'Required value: name or generateName is required',
    );
  }
  const problems: string[] = [];
  if (name.length > 253) problems.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  if (problems.length === 0) return undefined;
  return invalidField(
    type,
    name,
    'metadata.name',
    'FieldValueInvalid',
    `Invalid value: ${JSON.stringify(name)}: ${problems.join(', ')}`,
  );
}
