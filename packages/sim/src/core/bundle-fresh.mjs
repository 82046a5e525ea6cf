// The half of the bundle cache (bundle-cache.ts) that decides whether a cached bundle folder is
// still good: read its manifest, compare the build's options, hash its inputs. Plain JavaScript, so
// the `lab` command's entry (scripts/bin/lab.mjs) can run it before anything that loads TypeScript
// is registered, and import a fresh bundle with no module hooks at all.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Bumped when the build options change, so bundles made with older options are not reused. */
export const BUILD_FORMAT = 2;

export function digest(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 over each input's path, length and content, in the given (sorted) order. */
export async function hashInputs(inputs) {
  const contents = await Promise.all(inputs.map((input) => readFile(input)));
  const hash = createHash('sha256');
  inputs.forEach((input, i) => {
    hash.update(`${input}\0${contents[i]?.length}\0`);
    hash.update(contents[i]);
  });
  return hash.digest('hex');
}

/** A manifest written by a build, or undefined (none yet, or a partial/unreadable write). */
export async function readManifest(file) {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    return Array.isArray(parsed.inputs) && typeof parsed.hash === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function installedEsbuildVersion() {
  return createRequire(import.meta.url)('esbuild/package.json').version;
}

/** The workspace root's node_modules (the outermost package with one), where every package resolves. */
export function defaultCacheDir(entry, name = 'workshop-sim') {
  let root;
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'node_modules'))) root = dir;
  }
  if (!root) throw new Error(`no node_modules directory above ${entry}; run npm ci in the repository first`);
  return path.join(root, 'node_modules', '.cache', name);
}

/** Where bundleEntries keeps one set of entries: the cache folder, the key and the manifest's path. */
export function entriesLocation(entries, options) {
  const absEntries = Object.fromEntries(
    Object.entries(entries)
      .map(([name, file]) => [name, path.resolve(file)])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const names = Object.keys(absEntries);
  if (names.length === 0) throw new Error('bundleEntries: expected at least one entry, found none');
  for (const name of names) {
    if (!/^[\w.-]+$/.test(name))
      throw new Error(`bundleEntries: entry name "${name}" is not a plain file name`);
  }
  const external = [...(options.external ?? [])].sort();
  const cacheDir = options.cacheDir ?? defaultCacheDir(absEntries[names[0]], options.name);
  const key = `${options.name}-${digest(JSON.stringify({ absEntries, external })).slice(0, 8)}`;
  return { absEntries, names, external, cacheDir, key, manifestPath: path.join(cacheDir, `${key}.json`) };
}

/** Each entry's file in a bundle folder. */
export function entryFiles(dir, names) {
  return Object.fromEntries(names.map((name) => [name, path.join(dir, `${name}.mjs`)]));
}

/**
 * The cached bundle of these entries when it is still good (same build options, every file there,
 * every input with the content it was built from), else undefined. Never builds.
 */
export async function freshEntries(entries, options) {
  const { absEntries, names, external, manifestPath } = entriesLocation(entries, options);
  const manifest = await readManifest(manifestPath);
  if (
    !manifest ||
    manifest.format !== BUILD_FORMAT ||
    manifest.esbuild !== installedEsbuildVersion() ||
    JSON.stringify(manifest.entries) !== JSON.stringify(absEntries) ||
    JSON.stringify(manifest.external) !== JSON.stringify(external) ||
    !Array.isArray(manifest.outputs)
  )
    return undefined;
  const files = entryFiles(manifest.dir, names);
  if (!Object.values(files).every((file) => existsSync(file))) return undefined;
  if (!manifest.outputs.every((output) => existsSync(path.join(manifest.dir, output)))) return undefined;
  if ((await hashInputs(manifest.inputs).catch(() => undefined)) !== manifest.hash) return undefined;
  return { dir: manifest.dir, files };
}
