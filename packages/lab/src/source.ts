// A YAML file read with positions kept, so every problem in it can be reported as file:line:col.
import { readFileSync } from 'node:fs';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { LabFormatError } from './errors.ts';

export type YamlPath = Array<string | number>;

export interface YamlSource {
  /** The file as shown in messages (relative to the repository when inside it). */
  shown: string;
  doc: Document;
  value: unknown;
  /** `file:line:col` of the node at `path`, or of its nearest ancestor that exists. */
  at(path: YamlPath): string;
  /** Throws a LabFormatError located at `path`. */
  fail(path: YamlPath, message: string): never;
}

export function readYamlSource(file: string, shown: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LabFormatError(`${shown} cannot be read (${(error as NodeJS.ErrnoException).code})`, {
      cause: error,
    });
  }
  return parseYamlSource(text, shown);
}

export function parseYamlSource(text: string, shown: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const pos = lines.linePos(offset);
    return `${shown}:${pos.line}:${pos.col}`;
  };
  const first = doc.errors[0];
  if (first) throw new LabFormatError(`${position(first.pos[0])}: ${first.message.split('\n')[0]}`);
  const at = (path: YamlPath): string => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as
        | { range?: [number, number, number] }
        | null
        | undefined;
      if (node?.range) return position(node.range[0]);
    }
    return `${shown}:1:1`;
  };
  return {
    shown,
    doc,
    value: doc.toJS(),
    at,
    fail(path, message) {
      throw new LabFormatError(`${at(path)}: ${message}`);
    },
  };
}

/** `checks[1].points` */
export function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * `spec.ports[0].targetPort` → `['spec', 'ports', 0, 'targetPort']`; a key with dots goes in
 * brackets and quotes: `metadata.labels["app.kubernetes.io/name"]`.
 */
export function parseFieldPath(text: string): YamlPath {
  const path: YamlPath = [];
  const token = /\s*(?:\.?([A-Za-z0-9_$/-]+)|\[(\d+)\]|\["([^"]*)"\])/y;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match || match[0].length === 0) {
      throw new LabFormatError(
        `"${text}" is not a YAML path (at "${text.slice(at)}"); write it as spec.ports[0].targetPort`,
      );
    }
    path.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (match[3] ?? '')));
    at = token.lastIndex;
  }
  if (!path.length) throw new LabFormatError('an empty YAML path; write it as spec.ports[0].targetPort');
  return path;
}

/** The 1-based first and last line a YAML path spans in `doc`, or undefined when it is not there. */
export function lineRange(source: YamlSource, path: YamlPath, text: string): [number, number] | undefined {
  const parent = path.length > 1 ? source.doc.getIn(path.slice(0, -1), true) : source.doc.contents;
  const node = source.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return undefined;
  // Start at the key when the parent is a map, so a highlight covers `key: value`.
  let start = node.range[0];
  const items = (
    parent as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null
  )?.items;
  const key = path[path.length - 1];
  const pair = items?.find((item) => item.key?.value === key);
  if (pair?.key?.range) start = pair.key.range[0];
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  return [line(start), line(Math.max(start, node.range[1] - 1))];
}
