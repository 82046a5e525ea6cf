// Runs a TypeScript entry point as one plain ESM file instead of through tsx: bundled once with
// esbuild and cached in node_modules/.cache/workshop-sim, keyed by the content hash of every file
// that went into the bundle, so a changed source (ours or a dependency's) always means a rebuild.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** Bumped when the build options change, so bundles made with older options are not reused. */
const BUILD_FORMAT = 1;
/** Bundles of one entry older than this are pruned when a newer one is written. */
const PRUNE_AFTER_MS = 10 * 60_000;

export interface CachedBundle {
  /** The bundle to run with `node <file>`. */
  file: string;
  /** True when this call built it (the cache was empty or stale). */
  built: boolean;
}

export interface BundleOptions {
  /** Where bundles go; default `<nearest node_modules above the entry>/.cache/workshop-sim`. */
  cacheDir?: string;
}

interface Manifest {
  format: number;
  esbuild: string;
  entry: string;
  inputs: string[];
  hash: string;
  file: string;
}

/** The bundle of `entry`, reused when every input still has the content it was built from. */
export async function bundleEntry(entry: string, options: BundleOptions = {}): Promise<CachedBundle> {
  const absEntry = path.resolve(entry);
  const cacheDir = options.cacheDir ?? defaultCacheDir(absEntry);
  const key = `${path.basename(absEntry).replace(/\.[cm]?[jt]sx?$/, '')}-${digest(absEntry).slice(0, 8)}`;
  const manifestPath = path.join(cacheDir, `${key}.json`);
  const esbuildVersion = installedEsbuildVersion();
  const manifest = await readManifest(manifestPath);
  if (
    manifest &&
    manifest.format === BUILD_FORMAT &&
    manifest.esbuild === esbuildVersion &&
    manifest.entry === absEntry &&
    existsSync(manifest.file) &&
    (await hashInputs(manifest.inputs).catch(() => undefined)) === manifest.hash
  ) {
    return { file: manifest.file, built: false };
  }
  return { file: await build(absEntry, cacheDir, key, manifestPath, esbuildVersion), built: true };
}

async function build(
  entry: string,
  cacheDir: string,
  key: string,
  manifestPath: string,
  esbuildVersion: string,
): Promise<string> {
  const esbuild = await import('esbuild');
  const workingDir = path.dirname(cacheDir);
  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: workingDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // esbuild finds its native binary next to its own package: it must stay a real import.
      external: ['esbuild'],
      plugins: [originalImportMeta()],
      // Bundled CommonJS dependencies call require() for Node's modules; ESM has none of its own.
      banner: {
        // (`import\u002emeta`: this file is bundled too, and the plugin below must not rewrite it.)
        js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import\u002emeta.url);",
      },
    });
  } catch (error) {
    throw new Error(`esbuild could not bundle ${entry}; run it with tsx to see the error`, { cause: error });
  }
  const code = result.outputFiles?.[0]?.text;
  if (!code || !result.metafile) throw new Error(`esbuild produced no bundle for ${entry}`);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !/^[a-z-]+:/i.test(input)) // virtual modules (namespace:path) have no file
    .map((input) => path.resolve(workingDir, input))
    .sort();
  const hash = await hashInputs(inputs);
  const file = path.join(cacheDir, `${key}-${hash.slice(0, 16)}.mjs`);
  await mkdir(cacheDir, { recursive: true });
  // Several processes may build at once: each writes its own file and renames it into place.
  await writeAtomically(file, code);
  const manifest: Manifest = { format: BUILD_FORMAT, esbuild: esbuildVersion, entry, inputs, hash, file };
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await pruneOlderBundles(cacheDir, key, file);
  return file;
}

/**
 * Keeps `import.meta.url` (and dirname/filename) meaning the original source file, not the bundle:
 * sources find files next to themselves and create require() functions from it. A plain text
 * replacement: it also rewrites the words in comments and strings (harmless in comments).
 */
function originalImportMeta(): Plugin {
  return {
    name: 'original-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const contents = source
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader: loaderFor(args.path) };
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

async function hashInputs(inputs: string[]): Promise<string> {
  const contents = await Promise.all(inputs.map((input) => readFile(input)));
  const hash = createHash('sha256');
  inputs.forEach((input, i) => {
    hash.update(`${input}\0${contents[i]?.length}\0`);
    hash.update(contents[i] as Buffer);
  });
  return hash.digest('hex');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    return Array.isArray(parsed.inputs) && typeof parsed.hash === 'string' ? parsed : undefined;
  } catch {
    return undefined; // no bundle yet, or a manifest from an unreadable/partial write
  }
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

/** Removes this entry's bundles that are not the current one and old enough that nothing starts them now. */
async function pruneOlderBundles(cacheDir: string, key: string, current: string): Promise<void> {
  const pattern = new RegExp(`^${key}-[0-9a-f]{16}\\.mjs$`);
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    const file = path.join(cacheDir, name);
    if (!pattern.test(name) || file === current) continue;
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > PRUNE_AFTER_MS) await rm(file, { force: true });
  }
}

/** The workspace root's node_modules (the outermost package with one), where every package resolves. */
function defaultCacheDir(entry: string): string {
  let root: string | undefined;
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'node_modules'))) root = dir;
  }
  if (!root) throw new Error(`no node_modules directory above ${entry}; run npm ci in the repository first`);
  return path.join(root, 'node_modules', '.cache', 'workshop-sim');
}

function installedEsbuildVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('esbuild/package.json') as { version: string }).version;
}
