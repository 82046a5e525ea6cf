// A set of field paths as server-side apply tracks them (structured-merge-diff's fieldpath.Set),
// with the FieldsV1 encoding of metadata.managedFields: `f:<field>`, `k:<key json>`, `v:<value json>`, `i:<index>`, `.`.

/** One path element, already in its FieldsV1 spelling (`f:spec`, `k:{"port":80,"protocol":"TCP"}`). */
export type PathElement = string;
export type FieldPath = readonly PathElement[];

/** JSON with object keys sorted, so equal keys always encode the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

export function keyElement(key: Record<string, unknown>): PathElement {
  return `k:${canonicalJson(key)}`;
}

export function valueElement(value: unknown): PathElement {
  return `v:${canonicalJson(value)}`;
}

/** `.spec.ports[port=80,protocol="TCP"].targetPort`, as the API server prints a path in conflicts. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const element of path) {
    const body = element.slice(2);
    if (element.startsWith('f:')) out += `.${body}`;
    else if (element.startsWith('k:')) {
      const key = JSON.parse(body) as Record<string, unknown>;
      out += `[${Object.entries(key)
        .map(([name, value]) => `${name}=${canonicalJson(value)}`)
        .join(',')}]`;
    } else if (element.startsWith('v:')) out += `[=${body}]`;
    else out += `[${body}]`;
  }
  return out;
}

/** Orders children as the API server serialises them: fields, then keys, then values, then indexes. */
function compareElements(a: PathElement, b: PathElement): number {
  const rank = (e: PathElement) => 'fkvi'.indexOf(e[0] ?? 'f');
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export class FieldSet {
  /** Elements whose own path is in the set (leaves, atomic values, list items marked `.`). */
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static fromPaths(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Decodes a FieldsV1 object; throws on a shape the API server would also refuse. */
  static fromFieldsV1(raw: unknown): FieldSet {
    const set = new FieldSet();
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new Error(`expected a FieldsV1 object, found ${JSON.stringify(raw)}`);
    }
    for (const [element, child] of Object.entries(raw)) {
      if (element === '.') continue;
      if (!/^[fkvi]:/.test(element)) throw new Error(`unexpected FieldsV1 key ${JSON.stringify(element)}`);
      const sub = FieldSet.fromFieldsV1(child);
      const isSelf = child !== null && typeof child === 'object' && '.' in child;
      if (sub.isEmpty() || isSelf) set.members.add(element);
      if (!sub.isEmpty()) set.children.set(element, sub);
    }
    return set;
  }

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    if (rest.length === 0) {
      this.members.add(head);
      return;
    }
    let child = this.children.get(head);
    if (!child) {
      child = new FieldSet();
      this.children.set(head, child);
    }
    child.insert(rest);
  }

  child(element: PathElement): FieldSet | undefined {
    return this.children.get(element);
  }

  /** Whether `path` itself is a member. */
  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    if (rest.length === 0) return this.members.has(head);
    return this.children.get(head)?.has(rest) ?? false;
  }

  /** Whether some member lies strictly below `path`. */
  hasBelow(path: FieldPath): boolean {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return false;
    }
    return !node.isEmpty();
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const member of other.members) out.members.add(member);
    for (const [element, child] of other.children) {
      const mine = out.children.get(element);
      out.children.set(element, mine ? mine.union(child) : child.clone());
    }
    return out;
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const member of this.members) if (!other.members.has(member)) out.members.add(member);
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      const rest = theirs ? child.difference(theirs) : child.clone();
      if (!rest.isEmpty()) out.children.set(element, rest);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const member of this.members) if (other.members.has(member)) out.members.add(member);
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      if (!theirs) continue;
      const both = child.intersection(theirs);
      if (!both.isEmpty()) out.children.set(element, both);
    }
    return out;
  }

  /** A deep copy. */
  clone(): FieldSet {
    const out = new FieldSet();
    for (const member of this.members) out.members.add(member);
    for (const [element, child] of this.children) out.children.set(element, child.clone());
    return out;
  }

  /** Every member path, in serialisation order. */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = [];
    const elements = new Set([...this.members, ...this.children.keys()]);
    for (const element of [...elements].sort(compareElements)) {
      if (this.members.has(element)) out.push([...prefix, element]);
      const child = this.children.get(element);
      if (child) out.push(...child.paths([...prefix, element]));
    }
    return out;
  }

  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const elements = new Set([...this.members, ...this.children.keys()]);
    for (const element of [...elements].sort(compareElements)) {
      const child = this.children.get(element);
      if (!child) {
        out[element] = {};
        continue;
      }
      const encoded = child.toFieldsV1();
      out[element] = this.members.has(element) ? { '.': {}, ...encoded } : encoded;
    }
    return out;
  }
}
