// The `lab` command from a bundle: src/cli.ts and the root modules of the workspace packages it
// depends on (the ones a lab's setup.ts and checks.ts import), bundled with esbuild into
// node_modules/.cache/workshop-lab and reused while every input has the content it was built from
// (packages/sim/src/core/bundle-cache.ts). A `lab` process then loads one prebuilt tree of plain
// JavaScript (~0.1 s of CPU) instead of transforming and loading ~200 modules through tsx (~0.3–0.5 s).
//
// tsx stays registered: the labs' own setup.ts and checks.ts are loaded at run time. Their imports
// of the workspace packages are redirected to the bundle's copies (bin/bundle-hooks.mjs), so a lab
// file and the command share one instance of each module, and nothing is loaded twice.
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleEntries } from '@workshop/sim/core/bundle-cache.ts';

/**
 * Loaded only on some paths, or not bundleable: left as imports, resolved from the cache folder
 * under the root node_modules, where they are installed.
 */
const EXTERNAL = ['esbuild', 'tsx', 'tsx/*'];

export interface CliBundle {
  /** The bundled src/cli.ts, to import. */
  cli: string;
  /** Every entry's file: `cli`, and each shared package by its name without the scope (`grader`). */
  files: Record<string, string>;
  built: boolean;
  /** What --verbose prints about it. */
  note: string;
  /** Stops the redirects: for running src/cli.ts through tsx after all (the bundle failed to load). */
  disable(): void;
}

/**
 * The workspace packages bundled beside the command, by their root export: the ones it loads
 * anyway and a lab's setup.ts or checks.ts may import. (@workshop/sim is not among them: the
 * command uses only its bundle cache, and the sim runs as its own process.)
 */
const SHARED_PACKAGES = ['@workshop/grader', '@workshop/kube', '@workshop/manifests', '@workshop/runtime'];

/** The entries: the command, and each shared package (entry name: the package name without scope). */
export function bundleInputs(): Record<string, string> {
  const entries: Record<string, string> = { cli: fileURLToPath(new URL('./cli.ts', import.meta.url)) };
  for (const name of SHARED_PACKAGES)
    entries[name.slice('@workshop/'.length)] = fileURLToPath(import.meta.resolve(name));
  return entries;
}

/**
 * Builds (or reuses) the bundle and redirects the workspace packages' root modules to it. Throws
 * when it cannot: the caller then runs src/cli.ts through tsx.
 */
export async function prepareCliBundle(cacheDir?: string): Promise<CliBundle> {
  const entries = bundleInputs();
  const bundle = await bundleEntries(entries, { name: 'workshop-lab', cacheDir, external: EXTERNAL });
  const redirects: Record<string, string> = {};
  for (const [name, source] of Object.entries(entries)) {
    const file = bundle.files[name];
    if (name !== 'cli' && file) redirects[pathToFileURL(source).href] = pathToFileURL(file).href;
  }
  const cli = bundle.files.cli;
  if (!cli) throw new Error('the bundle has no cli entry');
  // The hooks run on their own thread: a shared flag switches them off at once, without a message.
  const off = new Int32Array(new SharedArrayBuffer(4));
  register('../bin/bundle-hooks.mjs', import.meta.url, {
    data: { redirects, off, bundleDir: pathToFileURL(bundle.dir).href.replace(/\/?$/, '/') },
  });
  return {
    cli,
    files: bundle.files,
    built: bundle.built,
    disable: () => Atomics.store(off, 0, 1),
    note: `lab: ${bundle.built ? 'built' : 'running from'} the bundle ${bundle.dir} (WORKSHOP_NO_BUNDLE=1 runs the sources through tsx)`,
  };
}
