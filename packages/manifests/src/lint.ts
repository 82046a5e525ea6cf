// The lint entry points: read files (or text), resolve each object's schema, validate it, and run the
// rules with the lab context, returning located diagnostics sorted by file and position.
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { WORKLOAD_KINDS } from './pod-templates.ts';
import { RULES } from './rules/index.ts';
import { checkApiType } from './schema/check-api-type.ts';
import { validateSchema } from './schema/validate-schema.ts';
import { parseManifests, readManifestFile } from './source/parse-manifests.ts';
import type { Diagnostic, JsonObject, ManifestObject, RuleContext } from './types.ts';

/** Something the lab context can hold: a file or directory path, a plain object, or a parsed object. */
export type ContextEntry = string | JsonObject | ManifestObject;

export interface LintOptions {
  /**
   * The rest of the lab, for rules that look across objects (selectors, backends, TLS Secrets, node
   * ports): typically the lab's base/ and exercise/ directories. Without it those rules only compare the
   * linted files with each other.
   */
  context?: ContextEntry[];
  /** Base for relative paths (default: process.cwd()). */
  cwd?: string;
  /**
   * Rule ids whose findings are left out (a lab whose exercise is to find those faults on the
   * cluster, lab.yaml `lint.skip`). Nothing else changes: the rules still run, their findings drop.
   */
  skip?: readonly string[];
}

export interface LintResult {
  diagnostics: Diagnostic[];
  /** The objects parsed from the linted files (not the context). */
  objects: ManifestObject[];
  /** The manifest files that were read, absolute. */
  files: string[];
}

const MANIFEST_FILE = /\.ya?ml$/i;

async function walk(directory: string, found: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    // Symbolic links to directories are not followed: a submission must not make us read outside it.
    if (entry.isDirectory()) await walk(path, found);
    else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) found.push(path);
  }
}

/** Expands paths (files or directories, relative to `cwd`) into the manifest files they hold. */
export async function collectManifestFiles(
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() && !(await lstat(path)).isSymbolicLink()) {
      const before = files.length;
      await walk(path, files);
      if (files.length === before) {
        diagnostics.push({
          file: path,
          line: 1,
          col: 1,
          severity: 'warning',
          rule: 'no-objects',
          message: 'directory holds no .yaml or .yml files',
          hint: 'pass the manifest files or the directory that holds them',
        });
      }
    } else {
      files.push(path); // a missing file is reported by readManifestFile, at its path
    }
  }
  return { files: [...new Set(files)], diagnostics };
}

/** Reads manifests from paths, returning objects and the diagnostics about the files themselves. */
export async function loadManifests(
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<{ objects: ManifestObject[]; diagnostics: Diagnostic[]; files: string[] }> {
  const { files, diagnostics } = await collectManifestFiles(paths, cwd);
  const objects: ManifestObject[] = [];
  for (const file of files) {
    const result = await readManifestFile(file);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects, diagnostics, files };
}

/** Wraps a plain object (e.g. from the grader or a test) as a ManifestObject without source positions. */
export function fromObject(value: JsonObject, file = '<context>'): ManifestObject {
  const metadata = (typeof value.metadata === 'object' && value.metadata) || {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    file,
    documentIndex: 0,
    basePath: [],
    value,
    apiVersion: text(value.apiVersion),
    kind: text(value.kind),
    name: text((metadata as JsonObject).name),
    namespace: text((metadata as JsonObject).namespace),
  };
}

function isManifestObject(entry: JsonObject | ManifestObject): entry is ManifestObject {
  return 'value' in entry && 'basePath' in entry && 'file' in entry;
}

async function loadContext(entries: readonly ContextEntry[], cwd: string, linted: Set<string>) {
  const paths = entries.filter((entry): entry is string => typeof entry === 'string');
  const loaded = paths.length > 0 ? (await loadManifests(paths, cwd)).objects : [];
  const objects = entries
    .filter((entry): entry is JsonObject | ManifestObject => typeof entry !== 'string')
    .map((entry) => (isManifestObject(entry) ? entry : fromObject(entry)));
  // A linted file that is also part of the context (exercise/ passed as both) counts once, as linted.
  return [...loaded, ...objects].filter((object) => !linted.has(object.file));
}

function compare(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col;
}

/** Lints already-parsed objects; `fileDiagnostics` are problems found while reading them. */
export async function lintObjects(
  objects: ManifestObject[],
  options: LintOptions & { fileDiagnostics?: Diagnostic[]; files?: string[] } = {},
): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const files = options.files ?? [...new Set(objects.map((object) => object.file))];
  const contextObjects = options.context ? await loadContext(options.context, cwd, new Set(files)) : [];
  const all = [...objects, ...contextObjects];
  const hasContext = options.context !== undefined;
  const context: RuleContext = {
    objects: all,
    knows(kind) {
      if (hasContext) return true;
      if (kind === 'workloads') return objects.some((object) => WORKLOAD_KINDS.has(object.kind ?? ''));
      return objects.some((object) => object.kind === kind);
    },
  };
  const diagnostics: Diagnostic[] = [...(options.fileDiagnostics ?? [])];
  for (const object of objects) {
    const type = await checkApiType(object);
    diagnostics.push(...type.diagnostics);
    if (type.schema) diagnostics.push(...validateSchema(object, type.schema));
    for (const rule of RULES) {
      try {
        diagnostics.push(...rule.check(object, context));
      } catch (cause) {
        // A rule must never take the lint down, whatever shape a hostile manifest has.
        diagnostics.push({
          file: object.file,
          line: 1,
          col: 1,
          severity: 'error',
          rule: 'internal-error',
          message: `rule ${rule.id} failed on ${object.kind ?? 'an object'} "${object.name ?? ''}": ${(cause as Error).message}`,
          hint: 'this is a bug in the workshop lint; please report it with the manifest',
        });
      }
    }
  }
  const skip = new Set(options.skip ?? []);
  const kept = skip.size ? diagnostics.filter((d) => !skip.has(d.rule)) : diagnostics;
  return { diagnostics: kept.sort(compare), objects, files };
}

/** Lints manifest files and directories (recursively, *.yaml and *.yml). */
export async function lintFiles(paths: readonly string[], options: LintOptions = {}): Promise<LintResult> {
  const loaded = await loadManifests(paths, options.cwd);
  return lintObjects(loaded.objects, {
    ...options,
    fileDiagnostics: loaded.diagnostics,
    files: loaded.files,
  });
}

/** Lints manifest text held in memory; `file` labels its diagnostics (default `<input>`). */
export async function lintText(
  text: string,
  options: LintOptions & { file?: string } = {},
): Promise<LintResult> {
  const file = options.file ?? '<input>';
  const parsed = parseManifests(text, file);
  return lintObjects(parsed.objects, { ...options, fileDiagnostics: parsed.diagnostics, files: [file] });
}
