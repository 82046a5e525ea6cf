// Schema issues as the lines a lab author can act on: `lab.yaml:5:10: "minutes" must be a whole
// number above 0; found "ten"`, located at the offending node.
import type { z } from 'zod';
import { pathText, type YamlPath, type YamlSource } from './source.ts';

export function validateSource<S extends z.ZodType>(source: YamlSource, schema: S): z.infer<S> {
  const result = schema.safeParse(source.value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) return source.fail([], 'is not valid');
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol') as YamlPath;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = knownKeys(schema, path);
    return source.fail(
      [...path, key],
      `unknown field "${[pathText(path), key].filter(Boolean).join('.')}"${known.length ? `; the fields here are ${known.join(', ')}` : ''}`,
    );
  }
  const found = valueAt(source.value, path);
  const where = path.length ? `"${pathText(path)}" ` : 'the file ';
  return source.fail(
    found === undefined && path.length ? path.slice(0, -1) : path,
    `${where}${found === undefined && path.length ? 'is required and ' : ''}${issue.message}; found ${found === undefined ? 'nothing' : JSON.stringify(found)}`,
  );
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The field names of the object schema at `path` (through arrays and optionals), for messages. */
function knownKeys(schema: z.ZodType, path: YamlPath): string[] {
  let current: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    let node = s as { def?: { type?: string; innerType?: unknown; element?: unknown; valueType?: unknown } };
    while (node?.def && ['optional', 'default', 'nullable'].includes(node.def.type ?? ''))
      node = node.def.innerType as typeof node;
    return node;
  };
  for (const key of path) {
    const node = unwrap(current) as {
      def?: { type?: string; element?: unknown; valueType?: unknown; shape?: Record<string, unknown> };
    };
    if (node?.def?.type === 'array') current = node.def.element;
    else if (node?.def?.type === 'record') current = node.def.valueType;
    else if (node?.def?.type === 'object') current = node.def.shape?.[String(key)];
    else return [];
  }
  const node = unwrap(current) as { def?: { type?: string; shape?: Record<string, unknown> } };
  return node?.def?.type === 'object' ? Object.keys(node.def.shape ?? {}) : [];
}
