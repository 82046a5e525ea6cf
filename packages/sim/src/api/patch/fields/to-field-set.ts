// The fields an applied configuration sets, which become its manager's field set: every leaf,
// every atomic list or map as a whole, and every associative-list item itself (the `.` of
// `k:{"port":80,"protocol":"TCP"}`). Granular maps are owned only through their entries.
import { type FieldPath, FieldSet, fieldElement } from './field-set.ts';
import { type GranularList, indexItems } from './list-items.ts';
import { fieldSchema, resolve, type Schema } from './schema.ts';

function walk(value: unknown, schema: Schema, path: FieldPath, out: FieldSet): void {
  const shape = resolve(schema, value);
  if (shape.kind === 'scalar') {
    out.insert(path);
    return;
  }
  if (shape.kind === 'list') {
    if (shape.list === 'atomic') {
      out.insert(path);
      return;
    }
    if (!Array.isArray(value)) return;
    const list = shape as GranularList;
    for (const [element, item] of indexItems(list, value, path, true)) {
      const itemPath = [...path, element];
      out.insert(itemPath);
      if (list.list === 'map') walk(item, list.items, itemPath, out);
    }
    return;
  }
  if (shape.atomic) {
    out.insert(path);
    return;
  }
  if (value === null || value === undefined) return;
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    walk(child, fieldSchema(shape, name), [...path, fieldElement(name)], out);
  }
}

/** The field set of `value` (an applied configuration); throws SchemaError on bad list keys. */
export function toFieldSet(value: unknown, schema: Schema): FieldSet {
  const out = new FieldSet();
  walk(value, schema, [], out);
  return out;
}
