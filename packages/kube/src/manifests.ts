// Reads manifest files (multi-document YAML or JSON) into objects, remembering where each came from.
// YAML mistakes are reported as file:line:col, the way an editor can jump to them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from './types.ts';

export interface LoadedObject {
  object: KubeObject;
  file: string;
  /** 1-based line of the document's first line. */
  line: number;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Files under `paths` (a directory contributes its *.yaml/*.yml/*.json files, sorted, not recursive). */
export function manifestFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new ManifestError(
        `${path} does not exist or cannot be read (${(error as NodeJS.ErrnoException).code})`,
        {
          cause: error,
        },
      );
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (/\.(ya?ml|json)$/.test(name)) files.push(join(path, name));
      }
    } else files.push(path);
  }
  return files;
}

export function loadManifests(paths: string[], options: { cwd?: string } = {}): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const file of manifestFiles(paths)) {
    const shown = options.cwd ? relative(options.cwd, file) : file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ManifestError(`${shown} cannot be read (${(error as NodeJS.ErrnoException).code})`, {
        cause: error,
      });
    }
    out.push(...parseManifests(text, shown));
  }
  return out;
}

export function parseManifests(text: string, file: string): LoadedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const out: LoadedObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      throw new ManifestError(`${file}:${pos.line}:${pos.col}: ${error.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const line = doc.contents ? lineCounter.linePos(doc.contents.range[0]).line : 1;
    const where = `${file}:${line}`;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestError(
        `${where}: expected a Kubernetes object (a mapping with apiVersion and kind), found ${Array.isArray(value) ? 'a list' : typeof value}`,
      );
    }
    const object = value as KubeObject;
    const items =
      object.kind === 'List' && Array.isArray(object.items) ? (object.items as KubeObject[]) : [object];
    for (const item of items) {
      for (const field of ['apiVersion', 'kind'] as const) {
        if (typeof item[field] !== 'string' || !item[field]) {
          throw new ManifestError(
            `${where}: the object has no ${field}; every manifest needs apiVersion and kind`,
          );
        }
      }
      if (!item.metadata?.name && !item.metadata?.generateName) {
        throw new ManifestError(`${where}: ${item.kind} has no metadata.name; give it a name`);
      }
      out.push({ object: item, file, line });
    }
  }
  return out;
}
