// Secret and ConfigMap: stringData folding and the Opaque default at decode time, base64 checks,
// key rules, and the keys each Secret type requires (`data[tls.crt]: Required value`).
import type { ResourceStrategy } from '../../core/strategy.ts';
import { badRequest, type KubeObject } from '../../core/types.ts';
import { type FieldError, invalid, path, required, toInvalid, tooLong } from '../field-errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../metadata.ts';
import { isConfigMapKey } from '../names.ts';
import { unknownFields } from '../strict-decode.ts';

const META = { namespaced: true, nameRule: 'dns1123-subdomain' } as const;
const MAX_SIZE = 1024 * 1024;

/** Where Go's base64 decoder stops on `value`, or undefined when it decodes. */
export function base64ErrorOffset(value: string): number | undefined {
  const text = value.replace(/[\r\n]/g, '');
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const padding = text.indexOf('=');
  if (padding >= 0 && !/^={1,2}$/.test(text.slice(padding))) return padding;
  if (text.length % 4 !== 0) return Math.floor(text.length / 4) * 4;
  return undefined;
}

function decodedLength(value: string): number {
  return Buffer.from(value, 'base64').length;
}

function defaultSecret(secret: KubeObject): void {
  if (!secret.type) secret.type = 'Opaque';
  for (const raw of Object.values((secret.data ?? {}) as Record<string, unknown>)) {
    const offset = base64ErrorOffset(String(raw ?? ''));
    if (offset !== undefined) {
      throw badRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${offset}`,
      );
    }
  }
  // stringData is write-only: it is folded into data (winning over it) and never stored.
  if (secret.stringData && typeof secret.stringData === 'object') {
    secret.data ??= {};
    for (const [key, value] of Object.entries(secret.stringData as Record<string, unknown>)) {
      secret.data[key] = Buffer.from(String(value ?? ''), 'utf8').toString('base64');
    }
  }
  delete secret.stringData;
}

export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, META, path('metadata'));
  const data: Record<string, string> = secret.data ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(path('data').key(key), key, msg));
    size += decodedLength(String(value ?? ''));
  }
  if (size > MAX_SIZE) errs.push(tooLong(path('data'), MAX_SIZE));
  const has = (key: string) => Object.hasOwn(data, key);
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required(path('metadata', 'annotations').key('kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password'))
        errs.push(required(path('data').key('username')), required(path('data').key('password')));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(required(path('data').key('ssh-privatekey')));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errs.push(required(path('data').key('.dockerconfigjson')));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(path('data').key('tls.crt')));
      if (!has('tls.key')) errs.push(required(path('data').key('tls.key')));
      break;
  }
  return errs;
}

function validateSecretUpdate(secret: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata, path('metadata'));
  if (secret.type !== old.type)
    errs.push(invalid(path('type'), String(secret.type ?? ''), 'field is immutable'));
  if (old.immutable === true) {
    if (secret.immutable !== true)
      errs.push(
        invalid(path('immutable'), secret.immutable ?? null, 'field is immutable when `immutable` is set'),
      );
    if (JSON.stringify(secret.data ?? {}) !== JSON.stringify(old.data ?? {}))
      errs.push({
        type: 'FieldValueForbidden',
        field: 'data',
        detail: 'field is immutable when `immutable` is set',
      });
  }
  return [...errs, ...validateSecret(secret)];
}

export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, META, path('metadata'));
  const data: Record<string, string> = cm.data ?? {};
  const binary: Record<string, string> = cm.binaryData ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(path('data').key(key), key, msg));
    if (Object.hasOwn(binary, key))
      errs.push(invalid(path('data').key(key), key, 'duplicate of key present in binaryData'));
    size += String(value ?? '').length;
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(path('binaryData').key(key), key, msg));
    if (Object.hasOwn(data, key))
      errs.push(invalid(path('binaryData').key(key), key, 'duplicate of key present in data'));
    size += decodedLength(String(value ?? ''));
  }
  // The empty path means "the whole object".
  if (size > MAX_SIZE) errs.push(tooLong(path(''), MAX_SIZE));
  return errs;
}

export function secretStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default: defaultSecret,
    validateCreate: (s) => toInvalid('Secret', '', s.metadata.name ?? '', validateSecret(s)),
    validateUpdate: (s, old) => toInvalid('Secret', '', s.metadata.name ?? '', validateSecretUpdate(s, old)),
  };
}

export function configMapStrategy(): ResourceStrategy {
  return {
    unknownFields,
    validateCreate: (cm) => toInvalid('ConfigMap', '', cm.metadata.name ?? '', validateConfigMap(cm)),
    validateUpdate: (cm, old) =>
      toInvalid('ConfigMap', '', cm.metadata.name ?? '', [
        ...validateObjectMetaUpdate(cm.metadata, old.metadata, path('metadata')),
        ...validateConfigMap(cm),
      ]),
  };
}
