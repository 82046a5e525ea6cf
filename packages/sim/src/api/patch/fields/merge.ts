// The structured merge of an applied configuration into the live object: maps merge field by
// field, associative lists and sets merge item by item (keys from the schema), atomic lists and
// maps and scalars are replaced. A `null` in the configuration removes the field.
import type { FieldPath, PathElement } from './field-set.ts';
import { fieldElement } from './field-set.ts';
import { type GranularList, indexItems } from './list-items.ts';
import { fieldSchema, isPlainObject, resolve, type Schema } from './schema.ts';

function mergeValue(live: unknown, config: unknown, schema: Schema, path: FieldPath): unknown {
  if (live === undefined) return structuredClone(config);
  const shape = resolve(schema, config);
  if (shape.kind === 'scalar' || config === null) return structuredClone(config);
  if (shape.kind === 'list') {
    if (shape.list === 'atomic' || !Array.isArray(live)) return structuredClone(config);
    return mergeList(live, config as unknown[], shape as GranularList, path);
  }
  if (shape.atomic || !isPlainObject(live)) return structuredClone(config);
  const out: Record<string, unknown> = structuredClone(live);
  for (const [name, value] of Object.entries(config as Record<string, unknown>)) {
    if (value === null) {
      delete out[name];
      continue;
    }
    out[name] = mergeValue(out[name], value, fieldSchema(shape, name), [...path, fieldElement(name)]);
  }
  return out;
}

/**
 * Live items keep their place, configured items keep the configuration's relative order, and new
 * items are placed after the live item they follow in the configuration (structured-merge-diff's
 * interleaving).
 */
function mergeList(live: unknown[], config: unknown[], list: GranularList, path: FieldPath): unknown[] {
  const left = indexItems(list, live, path, false);
  const right = indexItems(list, config, path, true);
  const leftKeys = [...left.keys()];
  const rightKeys = [...right.keys()];
  const shared = rightKeys.filter((key) => left.has(key));
  let nextShared = 0;
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const item = (key: PathElement) => {
    done.add(key);
    if (shared[nextShared] === key) nextShared++;
    const schema = list.list === 'map' ? list.items : ({ kind: 'scalar' } as const);
    return right.has(key)
      ? mergeValue(left.get(key), right.get(key), schema, [...path, key])
      : structuredClone(left.get(key));
  };
  let l = 0;
  let r = 0;
  while (l < leftKeys.length || r < rightKeys.length) {
    const lk = leftKeys[l];
    const rk = rightKeys[r];
    if (lk !== undefined && rk !== undefined) {
      if (lk === rk) {
        out.push(item(lk));
        l++;
        r++;
        continue;
      }
      // A shared item that is not the next one the configuration names waits for its turn.
      if (right.has(lk) && shared[nextShared] !== undefined && shared[nextShared] !== lk) {
        l++;
        continue;
      }
    }
    if (lk !== undefined) {
      if (!right.has(lk)) {
        out.push(item(lk));
        l++;
        continue;
      }
      if (done.has(lk)) {
        l++;
        continue;
      }
    }
    if (rk !== undefined) {
      if (!done.has(rk)) out.push(item(rk));
      r++;
      continue;
    }
    l++;
  }
  return out;
}

/** `live` with `config` merged in; neither is changed. Throws SchemaError on bad list keys. */
export function mergeConfiguration<T>(live: T, config: unknown, schema: Schema): T {
  return mergeValue(live, config, schema, []) as T;
}
