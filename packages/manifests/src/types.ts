// The shapes every part of the lint shares: diagnostics, parsed objects with source positions, rules.
import type { Document, LineCounter } from 'yaml';

export type Severity = 'error' | 'warning';

/** One located finding, like a compiler message. Lines and columns are 1-based. */
export interface Diagnostic {
  /** Absolute path of the file (or a label such as `<input>` for text linted from memory). */
  file: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
  severity: Severity;
  /** Kebab-case rule id, e.g. `unknown-field`; policy rules are `policy/<name>`. */
  rule: string;
  message: string;
  hint?: string;
  /**
   * The literal change that would fix it ("set targetPort: 8080"), shown only on request
   * (`lab lint --show-fixes`), since it gives a lab's answer away; the hint says where to look.
   */
  fix?: string;
}

export interface Location {
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

/** A path into an object: map keys and list indexes, as in `['spec', 'ports', 0, 'nodePort']`. */
export type FieldPath = ReadonlyArray<string | number>;

/** Whether a location should point at a map key (`nordPort:`) or at its value (`30000`). */
export type LocatePart = 'key' | 'value';

/** The parsed YAML document an object came from, kept so any field can be located later. */
export interface SourceDocument {
  document: Document;
  lineCounter: LineCounter;
}

export type JsonObject = Record<string, unknown>;

/** One Kubernetes object from a manifest (or handed in as data), with a way back to its source. */
export interface ManifestObject {
  file: string;
  /** Index of the YAML document in its file (0-based). */
  documentIndex: number;
  /** Where the object sits inside its document: `[]`, or `['items', 3]` for an item of a `kind: List`. */
  basePath: FieldPath;
  value: JsonObject;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  source?: SourceDocument;
}

/** Everything a rule may look at besides the object itself. */
export interface RuleContext {
  /** All objects of the lab: the context (e.g. its base/) plus the files being linted. */
  objects: ReadonlyArray<ManifestObject>;
  /**
   * Whether cross-object checks of a kind are meaningful: true when a lab context was passed, or when the
   * linted files themselves hold objects of that kind. Without it, "no Service named x" would be noise.
   */
  knows(kind: 'Service' | 'Secret' | 'workloads'): boolean;
}

export interface Rule {
  id: string;
  check(object: ManifestObject, context: RuleContext): Diagnostic[];
}
