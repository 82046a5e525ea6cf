// Field errors with the API server's semantics (apimachinery util/validation/field): typed
// errors, Go-style value rendering, the deduplicating aggregate and the 422 Invalid Status.
import { type StatusCause, StatusError } from '../core/types.ts';
import { GoRepr, goQuote } from './go-format.ts';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
};

/** A bad value as Go would hold it: strings, numbers, bools, nil, or a pre-rendered `%#v`. */
export type FieldValue = string | number | boolean | null | GoRepr;

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Absent when the error type never prints its value. */
  value?: FieldValue;
  detail: string;
}

/** A field path: `spec.ports[0].name`, `data[tls.crt]`. Immutable; each step returns a new path. */
export class FieldPath {
  private constructor(private readonly text: string) {}
  static of(...names: string[]): FieldPath {
    return new FieldPath(names.join('.'));
  }
  child(...names: string[]): FieldPath {
    const joined = names.join('.');
    return new FieldPath(this.text === '' ? joined : `${this.text}.${joined}`);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

export const path = FieldPath.of;

export function required(at: FieldPath, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field: String(at), detail };
}
export function invalid(at: FieldPath, value: FieldValue, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: String(at), value, detail };
}
/** Unsupported value; the supported values are quoted and sorted as the API server lists them. */
export function notSupported(at: FieldPath, value: FieldValue, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${[...supported].sort().map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field: String(at), value, detail };
}
export function duplicate(at: FieldPath, value: FieldValue): FieldError {
  return { type: 'FieldValueDuplicate', field: String(at), value, detail: '' };
}
export function forbidden(at: FieldPath, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field: String(at), detail };
}
export function tooLong(at: FieldPath, maxBytes: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field: String(at),
    detail: `may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}`,
  };
}
export function tooMany(at: FieldPath, actual: number, max: number): FieldError {
  return {
    type: 'FieldValueTooMany',
    field: String(at),
    value: actual,
    detail: `must have at most ${max} ${max === 1 ? 'item' : 'items'}`,
  };
}
export function notFound(at: FieldPath, value: FieldValue): FieldError {
  return { type: 'FieldValueNotFound', field: String(at), value, detail: '' };
}
export function internal(at: FieldPath, message: string): FieldError {
  return { type: 'InternalError', field: String(at), detail: message };
}

function renderValue(value: FieldValue): string {
  if (value === null) return '"null"'; // Go renders a nil value as the string "null", quoted
  if (typeof value === 'string') return goQuote(value);
  if (value instanceof GoRepr) return value.text;
  return String(value);
}

/** The error without its field: `Invalid value: 0: must be between 1 and 65535, inclusive`. */
export function errorBody(error: FieldError): string {
  let text = TYPE_TEXT[error.type];
  if (error.value !== undefined) text += `: ${renderValue(error.value)}`;
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

/** `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive` */
export function errorLine(error: FieldError): string {
  return `${error.field}: ${errorBody(error)}`;
}

/** The aggregate: one error bare, several as `[a, b]`, exact duplicates printed once. */
export function aggregate(errors: readonly FieldError[]): string {
  const lines = [...new Set(errors.map(errorLine))];
  return lines.length === 1 ? (lines[0] ?? '') : `[${lines.join(', ')}]`;
}

/** `Service`, `Ingress.networking.k8s.io`, `Deployment.apps`. */
export function qualifiedKind(kind: string, group: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** The 422 Invalid Status (apimachinery errors.NewInvalid): causes keep every error, in order. */
export function invalidError(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type,
    message: errorBody(e),
    field: e.field,
  }));
  const head = `${qualifiedKind(kind, group)} ${goQuote(name)} is invalid`;
  const message = errors.length ? `${head}: ${aggregate(errors)}` : head;
  return new StatusError(422, 'Invalid', message, { name, ...(group ? { group } : {}), kind, causes });
}

/** A 500 InternalError (apimachinery errors.NewInternalError). */
export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

/** Returns the 422 when there are errors, undefined when the object is valid. */
export function toInvalid(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): StatusError | undefined {
  return errors.length ? invalidError(kind, group, name, errors) : undefined;
}
