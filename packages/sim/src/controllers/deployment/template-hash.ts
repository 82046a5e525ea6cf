// pod-template-hash: a short, stable name for a Pod template, made like controller.ComputeHash
// (FNV-32a, then the decimal value spelled with the vowel-free alphabet of rand.SafeEncodeString).
// The bytes hashed differ from Go's object dump, so the values differ from a real cluster's; the
// shape (e.g. `7d9c8b5f4`) and the stability are the same.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export const TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** JSON with object keys sorted at every level, so equal templates hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The template as Go's typed structs see it: null, {} and [] mean the same as absent. Clients
 * differ in which of those they send (kubectl rollout undo sends `creationTimestamp: null` and
 * `resources: {}`), and the real controller never notices because it compares decoded structs.
 */
export function normalizeTemplate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeTemplate);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => [key, normalizeTemplate(inner)] as const)
      .filter(([, inner]) => !isEmpty(inner));
    return Object.fromEntries(entries);
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

export function computeTemplateHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(normalizeTemplate(template))));
  if (collisionCount !== undefined && collisionCount > 0) {
    // Like ComputeHash, the collision count is written into the hasher after the template.
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, collisionCount, true);
    hash = fnv32a(count, hash);
  }
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** The template without the hash label: what EqualIgnoreHash compares. */
export function templateWithoutHash(
  template: { metadata?: { labels?: Record<string, string> } } | undefined,
) {
  const copy = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  type Template = { metadata?: { labels?: Record<string, string> } };
  return (
    canonicalJson(normalizeTemplate(templateWithoutHash(a as Template))) ===
    canonicalJson(normalizeTemplate(templateWithoutHash(b as Template)))
  );
}
