// The removal half of apply: a field, map entry or list item goes when the applying manager
// applied it last time, does not apply it now, and no manager (this one included) owns it.
// A struct field counts as owned by a set that owns something inside it, as in
// structured-merge-diff's EnsureNamedFieldsAreMembers; list items count only as wholes.
import { type FieldPath, type FieldSet, fieldElement, type PathElement } from './field-set.ts';
import { type GranularList, itemElement } from './list-items.ts';
import { fieldSchema, isPlainObject, resolve, type Schema } from './schema.ts';

function counts(set: FieldSet, path: FieldPath): boolean {
  const last = path[path.length - 1] ?? '';
  return set.has(path) || (last.startsWith('f:') && set.hasBelow(path));
}

function prune(value: unknown, schema: Schema, path: FieldPath, last: FieldSet, owned: FieldSet): unknown {
  const shape = resolve(schema, value);
  // metadata stays whatever its entries do: the server-owned name, uid, … are in no field set.
  const keep = (childPath: FieldPath) =>
    (childPath.length === 1 && childPath[0] === 'f:metadata') ||
    !counts(last, childPath) ||
    counts(owned, childPath);
  if (shape.kind === 'list' && shape.list !== 'atomic' && Array.isArray(value)) {
    const list = shape as GranularList;
    const items = list.list === 'map' ? list.items : ({ kind: 'scalar' } as const);
    const out: unknown[] = [];
    value.forEach((item, index) => {
      let element: PathElement;
      try {
        element = itemElement(list, item, index, path);
      } catch {
        out.push(item);
        return;
      }
      const itemPath = [...path, element];
      if (!keep(itemPath)) return;
      out.push(last.hasBelow(itemPath) ? prune(item, items, itemPath, last, owned) : item);
    });
    return out;
  }
  if (shape.kind !== 'map' || shape.atomic || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const childPath = [...path, fieldElement(name)];
    if (!keep(childPath)) continue;
    out[name] = last.hasBelow(childPath)
      ? prune(child, fieldSchema(shape, name), childPath, last, owned)
      : child;
  }
  return out;
}

/** `merged` without what `last` (the manager's previous apply) had and nobody in `owned` claims. */
export function removeUnapplied<T>(merged: T, schema: Schema, last: FieldSet, owned: FieldSet): T {
  return prune(merged, schema, [], last, owned) as T;
}
