// Strategic merge patch (application/strategic-merge-patch+json), as kubectl's client-side apply
// sends it: maps merge, null deletes, keyed lists merge by their patch merge key, plus the
// directives $patch (replace|delete|merge), $retainKeys, $setElementOrder/<f>, $deleteFromPrimitiveList/<f>.
import { StatusError } from '../../core/types.ts';
import { mergeKeyFor } from './merge-keys.ts';
import { isPlainObject } from './merge-patch.ts';

type Json = unknown;
type JsonMap = Record<string, Json>;

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Removes directive keys from a value that is about to be stored as-is. */
function strip(value: Json): Json {
  if (Array.isArray(value)) {
    return value
      .filter((v) => !(isPlainObject(v) && v.$patch === 'replace' && Object.keys(v).length === 1))
      .map(strip);
  }
  if (!isPlainObject(value)) return value;
  const out: JsonMap = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    if (child === null) continue;
    out[key] = strip(child);
  }
  return out;
}

function mergeMap(original: JsonMap, patch: JsonMap, path: string): JsonMap | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return strip(patch) as JsonMap;
  if (directive !== undefined && directive !== 'merge') {
    throw new StatusError(
      422,
      'Invalid',
      `Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`,
    );
  }
  const result: JsonMap = structuredClone(original);
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_PRIMITIVE)) continue;
    const field = key.slice(DELETE_PRIMITIVE.length);
    const current = result[field];
    if (Array.isArray(current) && Array.isArray(value)) {
      result[field] = current.filter((item) => !value.includes(item));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = result[key];
    const childPath = join(path, key);
    if (isPlainObject(value) && isPlainObject(current)) {
      const merged = mergeMap(current, value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(Array.isArray(current) ? current : [], value, childPath);
    } else if (isPlainObject(value)) {
      const merged = mergeMap({}, value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER) || !Array.isArray(order)) continue;
    const field = key.slice(SET_ORDER.length);
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(list, order, mergeKeyFor(join(path, field)));
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function keyOf(item: Json, mergeKey: string): Json {
  return isPlainObject(item) ? item[mergeKey] : item;
}

function sameKey(a: Json, b: Json): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** Puts the listed elements in the given order; elements the order does not name keep their place after them. */
function reorder(list: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const key = (item: Json) => (mergeKey && mergeKey !== '$set' ? keyOf(item, mergeKey) : item);
  const orderKeys = order.map((o) => (mergeKey && mergeKey !== '$set' ? keyOf(o, mergeKey) : o));
  const ranked = list.map((item, index) => {
    const rank = orderKeys.findIndex((k) => sameKey(k, key(item)));
    return { item, rank: rank < 0 ? orderKeys.length + index : rank };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.item);
}

function mergeList(original: Json[], patch: Json[], path: string): Json[] {
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) return strip(patch) as Json[];
  const mergeKey = mergeKeyFor(path);
  if (mergeKey === undefined) return strip(patch) as Json[];
  if (mergeKey === '$set') {
    const result = [...original];
    for (const item of patch) if (!result.some((r) => sameKey(r, item))) result.push(item);
    return result;
  }
  const result: Json[] = structuredClone(original);
  for (const item of patch) {
    if (!isPlainObject(item)) {
      result.push(item);
      continue;
    }
    const key = item[mergeKey];
    const index = result.findIndex((r) => sameKey(keyOf(r, mergeKey), key));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0 && key !== undefined) {
      const merged = mergeMap(result[index] as JsonMap, item, path);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else {
      result.push(strip(item));
    }
  }
  return result;
}

export function applyStrategicMergePatch(original: Json, patch: Json): Json {
  if (!isPlainObject(patch)) {
    throw new StatusError(400, 'BadRequest', 'a strategic merge patch must be a JSON object');
  }
  return mergeMap(isPlainObject(original) ? original : {}, patch, '') ?? {};
}
