// RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test.
import { isDeepStrictEqual } from 'node:util';
import { StatusError } from '../../core/types.ts';

// biome-ignore lint/suspicious/noExplicitAny: a JSON document of unknown shape, walked by pointer
type Doc = any;

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function fail(message: string): StatusError {
  // The API server reports a patch that cannot be applied as 422 Invalid / 500; kubectl shows the text.
  return new StatusError(422, 'Invalid', message);
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw fail(`the JSON pointer "${path}" must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: unknown, tokens: string[], path: string): { parent: Doc; key: string } {
  let current: Doc = doc;
  for (const token of tokens.slice(0, -1)) {
    if (current === null || typeof current !== 'object' || !(token in current)) {
      throw fail(`doc is missing path: "${path}": missing value`);
    }
    current = current[token];
  }
  return { parent: current, key: tokens[tokens.length - 1] ?? '' };
}

function read(doc: unknown, path: string): unknown {
  let current: Doc = doc;
  for (const token of pointer(path)) {
    if (current === null || typeof current !== 'object' || !(token in current)) {
      throw fail(`doc is missing path: "${path}": missing value`);
    }
    current = current[token];
  }
  return current;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw fail(`unable to add to array at "${path}": index out of bounds`);
    }
    parent.splice(index, 0, value);
  } else if (parent !== null && typeof parent === 'object') parent[key] = value;
  else throw fail(`doc is missing path: "${path}": missing value`);
  return doc;
}

function removeAt(doc: unknown, path: string): unknown {
  const tokens = pointer(path);
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
      throw fail(`unable to remove nonexistent key: ${key}: missing value`);
    }
    parent.splice(index, 1);
  } else if (parent !== null && typeof parent === 'object' && key in parent) delete parent[key];
  else throw fail(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations))
    throw new StatusError(400, 'BadRequest', 'a JSON patch must be a list of operations');
  let doc = structuredClone(target);
  for (const raw of operations as Operation[]) {
    const op = raw?.op;
    const path = raw?.path;
    if (typeof path !== 'string') throw fail(`operation ${JSON.stringify(raw)} has no "path"`);
    switch (op) {
      case 'add':
        doc = add(doc, path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = removeAt(doc, path);
        break;
      case 'replace':
        read(doc, path);
        doc = removeAt(doc, path);
        doc = add(doc, path, structuredClone(raw.value));
        break;
      case 'move': {
        const value = read(doc, raw.from ?? '');
        doc = removeAt(doc, raw.from ?? '');
        doc = add(doc, path, value);
        break;
      }
      case 'copy':
        doc = add(doc, path, structuredClone(read(doc, raw.from ?? '')));
        break;
      case 'test':
        if (!isDeepStrictEqual(read(doc, path), raw.value))
          throw fail(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new StatusError(400, 'BadRequest', `Unexpected kind: ${String(op)}`);
    }
  }
  return doc;
}
