// Reading query parameters strictly: a bad value is a 400 whose message names the parameter,
// what it must be and what arrived.
import type { Request } from 'express';
import { HttpError } from './spring-error.ts';

/** The single string value of a query parameter, or undefined when absent. */
export function queryString(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw new HttpError(400, `Expected query parameter \`${name}\` once, got it ${describe(raw)}`);
  }
  return raw;
}

export function requiredQueryString(req: Request, name: string, expectation: string): string {
  const raw = queryString(req, name);
  if (raw === undefined || raw.trim() === '') {
    throw new HttpError(400, `Expected query parameter \`${name}\` to be ${expectation}, got none`);
  }
  return raw.trim();
}

export interface IntegerParam {
  min: number;
  max: number;
  default?: number;
}

/** A whole number within [min, max]; undefined only when absent and no default is given. */
export function queryInteger(req: Request, name: string, rule: IntegerParam & { default: number }): number;
export function queryInteger(req: Request, name: string, rule: IntegerParam): number | undefined;
export function queryInteger(req: Request, name: string, rule: IntegerParam): number | undefined {
  const raw = queryString(req, name);
  if (raw === undefined) return rule.default;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max) {
    throw new HttpError(
      400,
      `Expected query parameter \`${name}\` to be a whole number from ${rule.min} to ${rule.max}, got "${raw}"`,
    );
  }
  return value;
}

export function queryBoolean(req: Request, name: string): boolean {
  const raw = queryString(req, name);
  if (raw === undefined || raw === '' || raw === 'true' || raw === '1') return raw !== undefined;
  if (raw === 'false' || raw === '0') return false;
  throw new HttpError(400, `Expected query parameter \`${name}\` to be true or false, got "${raw}"`);
}

function describe(raw: unknown): string {
  return Array.isArray(raw) ? `${raw.length} times` : 'as a nested object';
}
