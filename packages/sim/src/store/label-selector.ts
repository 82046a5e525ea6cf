// Label selectors in the API's string syntax (`app=web,tier in (a,b),!legacy`), parsed once and
// matched against an object's labels; errors come back as the API server's 400 BadRequest.
import { badRequest } from '../core/types.ts';

export type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: '=' | '!='; values: [string] }
  | { key: string; op: 'gt' | 'lt'; values: [string] };

export type LabelSelector = Requirement[];

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of input) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, raw: string): string {
  if (!KEY.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${raw}"`);
  return key;
}

function checkValue(value: string, raw: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${raw}"`);
  }
  return value;
}

function parseRequirement(text: string, raw: string): Requirement {
  const part = text.trim();
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), raw), op: 'notexists' };
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (setMatch) {
    const values = (setMatch[3] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map((v) => checkValue(v, raw));
    if (values.length === 0)
      throw badRequest(`unable to parse requirement: for 'in', 'notin' operators, values set can't be empty`);
    return { key: checkKey(setMatch[1] ?? '', raw), op: setMatch[2] as 'in' | 'notin', values };
  }
  const opMatch = /^([^=!<>\s]+)\s*(==|!=|=|>|<)\s*(.*)$/.exec(part);
  if (opMatch) {
    const key = checkKey(opMatch[1] ?? '', raw);
    const value = (opMatch[3] ?? '').trim();
    const op = opMatch[2];
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value))
        throw badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      return { key, op: op === '>' ? 'gt' : 'lt', values: [value] };
    }
    return { key, op: op === '!=' ? '!=' : '=', values: [checkValue(value, raw)] };
  }
  if (/^\S+$/.test(part)) return { key: checkKey(part, raw), op: 'exists' };
  throw badRequest(
    `unable to parse requirement: found '${part}', expected: key, '!key', 'key=value', 'key in (a,b)'`,
  );
}

/** Parses `labelSelector`; an empty or missing selector matches everything. */
export function parseLabelSelector(raw: string | undefined): LabelSelector {
  if (!raw || raw.trim() === '') return [];
  return splitTopLevel(raw)
    .filter((p) => p.trim() !== '')
    .map((p) => parseRequirement(p, raw));
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  return selector.every((req) => {
    const present = Object.hasOwn(have, req.key);
    const value = have[req.key];
    switch (req.op) {
      case 'exists':
        return present;
      case 'notexists':
        return !present;
      case '=':
        return present && value === req.values[0];
      case '!=':
        return !present || value !== req.values[0];
      case 'in':
        return present && req.values.includes(value ?? '');
      case 'notin':
        return !present || !req.values.includes(value ?? '');
      case 'gt':
      case 'lt': {
        if (!present || !/^-?\d+$/.test(value ?? '')) return false;
        const n = Number(value);
        const bound = Number(req.values[0]);
        return req.op === 'gt' ? n > bound : n < bound;
      }
    }
    return false;
  });
}

/** A metav1.LabelSelector object (matchLabels + matchExpressions) matched against labels. */
export function matchesSelectorObject(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
      }
    | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const reqs: LabelSelector = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({
    key,
    op: '=' as const,
    values: [value] as [string],
  }));
  for (const expr of selector.matchExpressions ?? []) {
    const op = expr.operator.toLowerCase();
    if (op === 'in' || op === 'notin') reqs.push({ key: expr.key, op, values: expr.values ?? [] });
    else if (op === 'exists') reqs.push({ key: expr.key, op: 'exists' });
    else if (op === 'doesnotexist') reqs.push({ key: expr.key, op: 'notexists' });
  }
  return matchesLabels(reqs, labels);
}
