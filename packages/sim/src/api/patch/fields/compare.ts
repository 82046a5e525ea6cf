// What changed between two versions of an object, as field sets (structured-merge-diff's
// Comparison): the basis of Update ownership and of which managers lose a field.
import { isDeepStrictEqual } from 'node:util';
import { type FieldPath, FieldSet, fieldElement, type PathElement } from './field-set.ts';
import { type GranularList, indexItems, SchemaError } from './list-items.ts';
import { fieldSchema, isPlainObject, resolve, type Schema } from './schema.ts';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** `undefined` stands for "absent"; `null` is a present value. */
type Slot = { present: boolean; value: unknown };

function isEmptyContainer(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function walk(lhs: Slot, rhs: Slot, schema: Schema, path: FieldPath, out: Comparison): void {
  const leaf = () => {
    if (!lhs.present) out.added.insert(path);
    else if (!rhs.present) out.removed.insert(path);
    else if (!isDeepStrictEqual(lhs.value, rhs.value)) out.modified.insert(path);
  };
  const shapeL = resolve(schema, lhs.value);
  const shapeR = resolve(schema, rhs.value);
  const shape = rhs.present ? shapeR : shapeL;
  // A change of JSON type, an atomic value, or empty on both sides (so null vs {} still shows) is one leaf.
  if (
    shape.kind === 'scalar' ||
    (lhs.present && rhs.present && shapeL.kind !== shapeR.kind) ||
    (shape.kind === 'list' && shape.list === 'atomic') ||
    (shape.kind === 'map' && shape.atomic) ||
    (isEmptyContainer(lhs.value) && isEmptyContainer(rhs.value))
  ) {
    leaf();
    return;
  }
  // A container that appears or disappears as a whole is itself added or removed (`.` in FieldsV1).
  if (path.length > 0 && !lhs.present) out.added.insert(path);
  if (path.length > 0 && !rhs.present) out.removed.insert(path);

  if (shape.kind === 'list') {
    const list = shape as GranularList;
    let left: Map<PathElement, unknown>;
    let right: Map<PathElement, unknown>;
    try {
      left = indexItems(list, Array.isArray(lhs.value) ? lhs.value : [], path, false);
      right = indexItems(list, Array.isArray(rhs.value) ? rhs.value : [], path, false);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      leaf();
      return;
    }
    const items = list.list === 'map' ? list.items : ({ kind: 'scalar' } as const);
    for (const [element, value] of right) {
      const before: Slot = left.has(element) ? { present: true, value: left.get(element) } : ABSENT;
      walk(before, { present: true, value }, items, [...path, element], out);
    }
    for (const [element, value] of left) {
      if (!right.has(element)) walk({ present: true, value }, ABSENT, items, [...path, element], out);
    }
    return;
  }
  const left = isPlainObject(lhs.value) ? lhs.value : {};
  const right = isPlainObject(rhs.value) ? rhs.value : {};
  for (const name of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const before: Slot = name in left ? { present: true, value: left[name] } : ABSENT;
    const after: Slot = name in right ? { present: true, value: right[name] } : ABSENT;
    walk(before, after, fieldSchema(shape, name), [...path, fieldElement(name)], out);
  }
}

const ABSENT: Slot = { present: false, value: undefined };

export function compare(before: unknown, after: unknown, schema: Schema): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walk({ present: true, value: before }, { present: true, value: after }, schema, [], out);
  return out;
}
