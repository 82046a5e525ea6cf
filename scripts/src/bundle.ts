// The `lab` command from a bundle: src/cli.ts and the root modules of the workspace packages it
// depends on (the ones a lab's setup.ts and checks.ts import), bundled with esbuild into
// node_modules/.cache/workshop-lab and reused while every input has the content it was built from
// (packages/sim/src/core/bundle-cache.ts). A `lab` process then loads one prebuilt tree of plain
// JavaScript (~0.1 s of CPU) instead of transforming and loading ~200 modules through tsx (~0.3–0.5 s).
//
// This is the path of a run that found no fresh bundle (bin/lab.mjs checks that first, without tsx):
// it builds one, and tsx stays registered for the labs' own setup.ts and checks.ts, with their
// imports of the workspace packages redirected to the bundle's copies (bin/bundle-hooks.mjs), so a
// lab file and the command share one instance of each module, and nothing is loaded twice.
import { bundleEntries } from '@workshop/sim/core/bundle-cache.ts';
import { BUNDLE_EXTERNAL, BUNDLE_NAME, bundleInputs, registerBundleHooks } from '../bin/bundle-inputs.mjs';

export { bundleInputs };

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
 * Builds (or reuses) the bundle and redirects the workspace packages' root modules to it. Throws
 * when it cannot: the caller then runs src/cli.ts through tsx.
 */
export async function prepareCliBundle(cacheDir?: string): Promise<CliBundle> {
  const entries = bundleInputs();
  const bundle = await bundleEntries(entries, { name: BUNDLE_NAME, cacheDir, external: BUNDLE_EXTERNAL });
  const cli = bundle.files.cli;
  if (!cli) throw new Error('the bundle has no cli entry');
  const disable = registerBundleHooks(entries, bundle);
  return {
    cli,
    files: bundle.files,
    built: bundle.built,
    disable,
    note: `lab: ${bundle.built ? 'built' : 'running from'} the bundle ${bundle.dir} (WORKSHOP_NO_BUNDLE=1 runs the sources through tsx)`,
  };
}
