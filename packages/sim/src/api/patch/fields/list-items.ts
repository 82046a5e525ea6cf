// How an item of a granular list is named in a field path: by its key fields (`k:`) in an
// associative list, by its value (`v:`) in a set.
import { type FieldPath, formatPath, keyElement, type PathElement, valueElement } from './field-set.ts';
import { isPlainObject, type Resolved } from './schema.ts';

export type GranularList = Extract<Resolved, { kind: 'list' }> & { list: 'map' | 'set' };

/** A value that does not fit the schema (`.spec.ports: element 0: …`), as structured-merge-diff words it. */
export class SchemaError extends Error {}

export function itemElement(list: GranularList, item: unknown, index: number, path: FieldPath): PathElement {
  if (list.list === 'set') {
    if (isPlainObject(item) || Array.isArray(item)) {
      throw new SchemaError(`${formatPath(path)}: element ${index}: expected a scalar in a set list`);
    }
    return valueElement(item);
  }
  if (!isPlainObject(item)) {
    throw new SchemaError(`${formatPath(path)}: element ${index}: expected a map in an associative list`);
  }
  const key: Record<string, unknown> = {};
  for (const name of list.keys) {
    const value = item[name] ?? list.keyDefaults?.[name];
    if (value === undefined || value === null) {
      throw new SchemaError(
        `${formatPath(path)}: element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`,
      );
    }
    key[name] = value;
  }
  return keyElement(key);
}

/**
 * The items of a list by path element, in order. `strict` refuses duplicate keys (an applied
 * configuration); otherwise the first of duplicates wins (a stored object, already validated).
 */
export function indexItems(
  list: GranularList,
  items: unknown[],
  path: FieldPath,
  strict: boolean,
): Map<PathElement, unknown> {
  const out = new Map<PathElement, unknown>();
  items.forEach((item, index) => {
    const element = itemElement(list, item, index, path);
    if (out.has(element)) {
      if (strict) {
        throw new SchemaError(`${formatPath(path)}: duplicate entries for key ${formatPath([element])}`);
      }
      return;
    }
    out.set(element, item);
  });
  return out;
}
