// Runs TypeScript entry points as plain ESM instead of through tsx: bundled once with esbuild and
// cached in node_modules/.cache/<name>, keyed by the content hash of every file that went into the
// bundle, so a changed source (ours or a dependency's) always means a rebuild. `bundleEntry` makes
// one file (the sim daemon, the traefik image); `bundleEntries` makes a folder of several entries
// sharing chunks (the `lab` command and the packages its labs import, see scripts/src/bundle.ts).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import {
  BUILD_FORMAT,
  defaultCacheDir,
  digest,
  entriesLocation,
  entryFiles,
  freshEntries,
  hashInputs,
  installedEsbuildVersion,
  readManifest,
} from './bundle-fresh.mjs';

/**
 * Bundles of one key older than this are pruned when a newer one is written. Generous: a process
 * started from a bundle folder may still load a chunk from it minutes later.
 */
const PRUNE_AFTER_MS = 60 * 60_000;

export interface CachedBundle {
  /** The bundle to run with `node <file>`. */
  file: string;
  /** True when this call built it (the cache was empty or stale). */
  built: boolean;
}

export interface BundleOptions {
  /** Where bundles go; default `<nearest node_modules above the entry>/.cache/<name>`. */
  cacheDir?: string;
  /** Names the default cache folder; default `workshop-sim`. */
  name?: string;
  /**
   * Bare specifiers left as imports of the given files (modules of another bundle, by absolute
   * path): the entry then shares those modules' one instance with whoever loaded them first.
   */
  linked?: Record<string, string>;
}

export interface CachedBundles {
  /** The folder holding every entry's file and their shared chunks. */
  dir: string;
  /** Each entry's file (`<dir>/<name>.mjs`), by the entry's name. */
  files: Record<string, string>;
  /** True when this call built it (the cache was empty or stale). */
  built: boolean;
}

export interface BundleEntriesOptions {
  /** Names the cache (`node_modules/.cache/<name>`, unless cacheDir) and the bundle folders in it. */
  name: string;
  cacheDir?: string;
  /** Packages left as imports at run time (heavy ones loaded only on some paths, or ones with binaries). */
  external?: string[];
}

interface EntriesManifest {
  format: number;
  esbuild: string;
  entries: Record<string, string>;
  external: string[];
  inputs: string[];
  hash: string;
  dir: string;
  /** Every file in dir (entries and chunks), relative to it: a folder missing one is rebuilt. */
  outputs: string[];
}

interface Manifest {
  format: number;
  esbuild: string;
  entry: string;
  linked?: Record<string, string>;
  inputs: string[];
  hash: string;
  file: string;
}

/** The bundle of `entry`, reused when every input still has the content it was built from. */
export async function bundleEntry(entry: string, options: BundleOptions = {}): Promise<CachedBundle> {
  const absEntry = path.resolve(entry);
  const cacheDir = options.cacheDir ?? defaultCacheDir(absEntry, options.name);
  const linked = options.linked ? JSON.stringify(Object.entries(options.linked).sort()) : '';
  const key = `${path.basename(absEntry).replace(/\.[cm]?[jt]sx?$/, '')}-${digest(absEntry + linked).slice(0, 8)}`;
  const manifestPath = path.join(cacheDir, `${key}.json`);
  const esbuildVersion = installedEsbuildVersion();
  const manifest = await readManifest<Manifest>(manifestPath);
  if (
    manifest &&
    manifest.format === BUILD_FORMAT &&
    manifest.esbuild === esbuildVersion &&
    manifest.entry === absEntry &&
    JSON.stringify(manifest.linked ?? {}) === JSON.stringify(options.linked ?? {}) &&
    existsSync(manifest.file) &&
    (await hashInputs(manifest.inputs).catch(() => undefined)) === manifest.hash
  ) {
    return { file: manifest.file, built: false };
  }
  return {
    file: await build(absEntry, cacheDir, key, manifestPath, esbuildVersion, options.linked),
    built: true,
  };
}

/**
 * Several entries (name → source file) bundled together with code splitting: modules they share
 * are in shared chunks, so importing two entries in one process evaluates each module once. The
 * folder is reused while every input still has the content it was built from.
 */
export async function bundleEntries(
  entries: Record<string, string>,
  options: BundleEntriesOptions,
): Promise<CachedBundles> {
  const fresh = await freshEntries(entries, options);
  if (fresh) return { ...fresh, built: false };
  const { absEntries, names, external, cacheDir, key, manifestPath } = entriesLocation(entries, options);
  const esbuildVersion = installedEsbuildVersion();
  const files = (dir: string) => entryFiles(dir, names);

  const workingDir = path.dirname(cacheDir);
  // esbuild resolves nothing from a working directory that does not exist (a fresh `npm ci`).
  await mkdir(cacheDir, { recursive: true });
  const result = await runEsbuild(`${names.join(', ')} (${options.name})`, {
    entryPoints: absEntries,
    absWorkingDir: workingDir,
    splitting: true,
    // Paths in the output are relative to outdir; the files are written below, under their final name.
    outdir: path.join(cacheDir, key),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    external: ['esbuild', ...external],
  });
  if (!result.outputFiles?.length || !result.metafile)
    throw new Error(`esbuild produced no bundle for ${options.name}`);
  const inputs = inputsOf(result.metafile, workingDir);
  const hash = await hashInputs(inputs);
  const dir = path.join(cacheDir, `${key}-${hash.slice(0, 16)}`);
  // Several processes may build at once: each writes its own folder and renames it into place; the
  // loser of the race removes its folder and uses the winner's (same inputs, same content).
  const partial = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const outputs = result.outputFiles.map((output) => path.relative(path.join(cacheDir, key), output.path));
  try {
    for (const [i, output] of result.outputFiles.entries()) {
      const target = path.join(partial, outputs[i] as string);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, output.contents);
    }
    const complete = () => outputs.every((output) => existsSync(path.join(dir, output)));
    await rename(partial, dir).catch(async (error: unknown) => {
      if (!existsSync(dir)) throw error;
      if (complete()) return; // another process's build of the same inputs won the race
      // A folder of this name with files missing (removed by hand): replace it.
      await rm(dir, { recursive: true, force: true });
      await rename(partial, dir);
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  const missing = outputs.filter((output) => !existsSync(path.join(dir, output)));
  if (missing.length) throw new Error(`the bundle ${dir} lacks ${missing.join(', ')}`);
  const written: EntriesManifest = {
    format: BUILD_FORMAT,
    esbuild: esbuildVersion,
    entries: absEntries,
    external,
    inputs,
    hash,
    dir,
    outputs,
  };
  await writeAtomically(manifestPath, `${JSON.stringify(written, null, 2)}\n`);
  await pruneOlder(cacheDir, new RegExp(`^${key}-[0-9a-f]{16}$`), dir);
  return { dir, files: files(dir), built: true };
}

async function build(
  entry: string,
  cacheDir: string,
  key: string,
  manifestPath: string,
  esbuildVersion: string,
  linked: Record<string, string> | undefined,
): Promise<string> {
  const workingDir = path.dirname(cacheDir);
  // esbuild resolves nothing from a working directory that does not exist (a fresh `npm ci`).
  await mkdir(cacheDir, { recursive: true });
  const result = await runEsbuild(entry, {
    entryPoints: [entry],
    absWorkingDir: workingDir,
    // esbuild finds its native binary next to its own package: it must stay a real import.
    external: ['esbuild'],
    plugins: linked ? [linkedModules(linked)] : [],
  });
  const code = result.outputFiles?.[0]?.text;
  if (!code || !result.metafile) throw new Error(`esbuild produced no bundle for ${entry}`);
  const inputs = inputsOf(result.metafile, workingDir);
  const hash = await hashInputs(inputs);
  const file = path.join(cacheDir, `${key}-${hash.slice(0, 16)}.mjs`);
  await mkdir(cacheDir, { recursive: true });
  // Several processes may build at once: each writes its own file and renames it into place.
  await writeAtomically(file, code);
  const manifest: Manifest = {
    format: BUILD_FORMAT,
    esbuild: esbuildVersion,
    entry,
    ...(linked ? { linked } : {}),
    inputs,
    hash,
    file,
  };
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await pruneOlder(cacheDir, new RegExp(`^${key}-[0-9a-f]{16}\\.mjs$`), file);
  return file;
}

type Esbuild = typeof import('esbuild');

/** One esbuild run with the common options; a failure names what could not be bundled. */
async function runEsbuild(
  what: string,
  options: Omit<import('esbuild').BuildOptions, 'write' | 'metafile'>,
): Promise<import('esbuild').BuildResult<{ write: false; metafile: true }>> {
  const esbuild = await import('esbuild');
  try {
    const common = commonOptions(esbuild);
    return await esbuild.build({
      ...common,
      ...options,
      plugins: [...common.plugins, ...(options.plugins ?? [])],
    });
  } catch (error) {
    throw new Error(`esbuild could not bundle ${what}: ${esbuildProblems(error)}`, { cause: error });
  }
}

/** esbuild's errors on one line, each with where it is (`src/a.ts:3:7: Could not resolve "x"`). */
export function esbuildProblems(error: unknown): string {
  const errors = (error as { errors?: import('esbuild').Message[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0)
    return error instanceof Error ? error.message.replaceAll('\n', ' ') : String(error);
  return errors
    .map(({ text, location }) =>
      location ? `${location.file}:${location.line}:${location.column}: ${text}` : text,
    )
    .join('; ');
}

/** What every bundle here is: ESM for Node 20, one source file's import.meta kept, require() available. */
function commonOptions(esbuild: Esbuild) {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [originalImportMeta(esbuild)],
    // Bundled CommonJS dependencies call require() for Node's modules; ESM has none of its own.
    banner: {
      js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);",
    },
  } satisfies Parameters<Esbuild['build']>[0];
}

/** The files that went into a build, absolute and sorted (what the cache key hashes). */
function inputsOf(metafile: { inputs: Record<string, unknown> }, workingDir: string): string[] {
  return Object.keys(metafile.inputs)
    .filter((input) => !/^[a-z-]+:/i.test(input)) // virtual modules (namespace:path) have no file
    .map((input) => path.resolve(workingDir, input))
    .sort();
}

/**
 * Keeps `import.meta.url` (and dirname/filename) meaning the original source file, not the bundle:
 * sources find files next to themselves and create require() functions from it. esbuild's `define`
 * replaces the expressions in the syntax tree, per file, so strings and comments that merely
 * contain the words (a banner for another bundle, say) stay as they are. `import.meta.resolve` is
 * left alone: from the cache under the root node_modules it finds the same hoisted packages.
 */
function originalImportMeta(esbuild: Esbuild): Plugin {
  return {
    name: 'original-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const { code } = await esbuild.transform(source, {
          loader: loaderFor(args.path),
          sourcefile: args.path,
          target: 'node20',
          // As packages/tsconfig/base.json: imports are kept as written; class fields are ES2022's.
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
            'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
            'import.meta.filename': JSON.stringify(args.path),
          },
        });
        return { contents: code, loader: 'js' };
      });
    },
  };
}

/** Imports of the given bare specifiers stay imports, of the given files' URLs (BundleOptions.linked). */
function linkedModules(linked: Record<string, string>): Plugin {
  const names = Object.keys(linked);
  return {
    name: 'linked-modules',
    setup(build) {
      build.onResolve({ filter: /^[@\w]/ }, (args) => {
        const file = names.includes(args.path) ? linked[args.path] : undefined;
        return file ? { path: pathToFileURL(file).href, external: true } : undefined;
      });
    },
  };
}

function loaderFor(file: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  if (/\.[cm]?ts$/.test(file)) return 'ts';
  if (file.endsWith('.tsx')) return 'tsx';
  if (file.endsWith('.jsx')) return 'jsx';
  return 'js';
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(partial, text);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Removes this key's bundles (files or folders) that are not the current one and old enough that nothing starts them now. */
async function pruneOlder(cacheDir: string, pattern: RegExp, current: string): Promise<void> {
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    const file = path.join(cacheDir, name);
    if (!pattern.test(name) || file === current) continue;
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > PRUNE_AFTER_MS) await rm(file, { recursive: true, force: true });
  }
}
