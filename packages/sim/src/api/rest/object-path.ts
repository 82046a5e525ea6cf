// Field paths as the API server prints them (`spec.ports[0].nordPort`), used to drop unknown fields.

type Segment = string | number;

export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(/^\d+$/.test(match[2]) ? Number(match[2]) : match[2]);
  }
  return segments;
}

/** Deletes the value at `path`; a path that does not exist is left alone. */
export function removeFieldPath(root: unknown, path: string): void {
  const segments = parseFieldPath(path);
  let current: unknown = root;
  for (const [index, segment] of segments.entries()) {
    if (current === null || typeof current !== 'object') return;
    const container = current as Record<string | number, unknown>;
    if (index === segments.length - 1) {
      if (Array.isArray(container) && typeof segment === 'number') return;
      delete container[segment];
      return;
    }
    current = container[segment];
  }
}
