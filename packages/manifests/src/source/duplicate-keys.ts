// Finds keys written twice in one mapping. The yaml package can check this itself (`uniqueKeys`), but
// compares every pair of keys, which takes seconds on a hostile file; a Set per mapping is linear.
import { type Document, isScalar, type Node, visit } from 'yaml';

export interface DuplicateKey {
  key: string;
  /** Offset range of the second occurrence. */
  range: [number, number];
}

export function findDuplicateKeys(document: Document, limit = 5): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) continue;
        const text = String(key.value);
        if (seen.has(text)) {
          const range = key.range ?? [0, 0];
          found.push({ key: text, range: [range[0], range[1]] });
          if (found.length >= limit) return visit.BREAK;
        }
        seen.add(text);
      }
      return undefined;
    },
  });
  return found;
}
