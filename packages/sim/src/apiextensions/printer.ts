// `kubectl get` columns of custom resources from the CRD's additionalPrinterColumns: NAME first,
// then each column's JSONPath (the subset CRDs use: fields, [n], [*] and [?(@.k=="v")] filters),
// printed as the API server's table convertor prints them: only the first match, lists and maps
// as JSON, absent values blank, `date` columns as an age; AGE last unless the CRD places it.

import { AGE, type ColumnDefinition, column, NAME } from '../api/tables/columns.ts';
import type { Printer } from '../api/tables/core-printers.ts';
import { age } from '../api/tables/format.ts';
import type { KubeObject } from '../core/types.ts';
import type { PrinterColumn } from './crd.ts';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: string[]; op: '==' | '!='; value: string | number | boolean };

function parseLiteral(text: string): string | number | boolean {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  return Number.isNaN(n) ? t : n;
}

/** Parses `.status.conditions[?(@.type=="Ready")].status`; throws on what it does not support. */
export function parseJsonPath(expression: string): Step[] {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (text.startsWith('$')) text = text.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '.') {
      const match = /^\.([A-Za-z0-9_\-$]+)/.exec(text.slice(i));
      if (!match) throw new Error(`unsupported JSONPath ${expression}`);
      steps.push({ kind: 'field', name: match[1] as string });
      i += match[0].length;
    } else if (ch === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new Error(`unterminated [ in JSONPath ${expression}`);
      const inner = text.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else {
        const filter = /^\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*(==|!=)\s*(.+)\)$/.exec(inner);
        if (!filter) throw new Error(`unsupported JSONPath ${expression}`);
        steps.push({
          kind: 'filter',
          path: (filter[1] as string).split('.').slice(1),
          op: filter[2] as '==' | '!=',
          value: parseLiteral(filter[3] as string),
        });
      }
      i = end + 1;
    } else throw new Error(`unsupported JSONPath ${expression}`);
  }
  return steps;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every value the path selects, in document order. */
export function evaluateJsonPath(steps: Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'field') {
        if (isObject(value) && value[step.name] !== undefined) next.push(value[step.name]);
      } else if (step.kind === 'index') {
        if (Array.isArray(value)) {
          const item = value[step.index < 0 ? value.length + step.index : step.index];
          if (item !== undefined) next.push(item);
        }
      } else if (step.kind === 'all') {
        if (Array.isArray(value)) next.push(...value);
        else if (isObject(value)) next.push(...Object.values(value));
      } else if (Array.isArray(value)) {
        for (const item of value) {
          let at: unknown = item;
          for (const name of step.path) at = isObject(at) ? at[name] : undefined;
          const equal = at === step.value;
          if (at !== undefined && (step.op === '==' ? equal : !equal)) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}

function cell(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'date' && typeof value === 'string') return age(value);
  if (typeof value === 'object') return JSON.stringify(value);
  if (type === 'string') return String(value);
  return value;
}

const AGE_PATH = '.metadata.creationTimestamp';

/** The Printer for one CRD version's columns. */
export function customResourcePrinter(columns: PrinterColumn[]): Printer {
  const compiled = columns.map((c) => {
    let steps: Step[] | undefined;
    try {
      steps = parseJsonPath(c.jsonPath);
    } catch {
      steps = undefined;
    }
    return { column: c, steps };
  });
  const hasAge = columns.some((c) => c.jsonPath === AGE_PATH);
  const definitions: ColumnDefinition[] = [
    NAME,
    ...compiled.map(({ column: c }) =>
      c.jsonPath === AGE_PATH && c.name === 'Age'
        ? AGE
        : column(
            c.name,
            c.type === 'date' ? 'date' : c.type,
            c.priority ?? 0,
            c.format ?? '',
            c.description ?? '',
          ),
    ),
    ...(hasAge ? [] : [AGE]),
  ];
  return {
    columns: definitions,
    cells(object: KubeObject) {
      const values = compiled.map(({ column: c, steps }) => {
        if (!steps) return null;
        return cell(evaluateJsonPath(steps, object)[0], c.type);
      });
      return [object.metadata.name, ...values, ...(hasAge ? [] : [age(object.metadata.creationTimestamp)])];
    },
  } as Printer;
}
