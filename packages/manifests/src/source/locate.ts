// Maps a field path of an object back to line:col in its YAML source, so every diagnostic points at text.
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic, FieldPath, LocatePart, Location, ManifestObject, Severity } from '../types.ts';

const START: Location = { line: 1, col: 1 };

function rangeToLocation(object: ManifestObject, range: readonly number[] | null | undefined): Location {
  const source = object.source;
  if (!source || !range || range[0] === undefined) return START;
  const start = source.lineCounter.linePos(range[0]);
  const end = range[1] !== undefined ? source.lineCounter.linePos(range[1]) : undefined;
  return { line: start.line, col: start.col, endLine: end?.line, endCol: end?.col };
}

function resolve(node: unknown, object: ManifestObject): unknown {
  // An alias points at its anchor; report the anchor's text, which is where the value is written.
  if (isAlias(node) && object.source) return node.resolve(object.source.document) ?? node;
  return node;
}

/**
 * Finds the YAML node for `path` (relative to the object). When part of the path does not exist (a missing
 * field), the deepest node that does exist is used, so "missing pathType" points at the path item.
 */
export function locate(object: ManifestObject, path: FieldPath, part: LocatePart = 'value'): Location {
  const source = object.source;
  if (!source) return START;
  let node = resolve(source.document.contents, object);
  let found: { key?: Node; value: unknown } = { value: node };
  for (const segment of [...object.basePath, ...path]) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const value = resolve(pair.value, object);
      found = { key: pair.key as Node, value: value ?? pair.key };
      node = value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = resolve(node.items[segment], object);
      if (item === undefined) break;
      found = { value: item };
      node = item;
    } else {
      break;
    }
  }
  const target = part === 'key' && found.key ? found.key : found.value;
  const range = (target as Node | null)?.range;
  return rangeToLocation(object, range);
}

/** Builds a diagnostic located at a field of an object. */
export function diagnosticAt(
  object: ManifestObject,
  path: FieldPath,
  part: LocatePart,
  fields: { severity: Severity; rule: string; message: string; hint?: string; fix?: string },
): Diagnostic {
  const location = locate(object, path, part);
  const diagnostic: Diagnostic = { file: object.file, ...location, ...fields };
  if (diagnostic.hint === undefined) delete diagnostic.hint;
  if (diagnostic.fix === undefined) delete diagnostic.fix;
  if (diagnostic.endLine === undefined) {
    delete diagnostic.endLine;
    delete diagnostic.endCol;
  }
  return diagnostic;
}

/** Formats a field path the way the API server prints it: `spec.ports[0].nodePort`. */
export function fieldPathText(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}
