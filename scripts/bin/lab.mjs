#!/usr/bin/env node
// The `lab` command's entry. The usual way: a fresh bundle of src/cli.ts is in the cache
// (src/bundle.ts), checked here in plain JavaScript, and imported with no module hooks at all, so
// no import waits on a loader thread; a lab's setup.ts and checks.ts are then bundled on demand
// (src/labs/lab-module.ts). Otherwise (first run, changed sources, WORKSHOP_NO_BUNDLE=1): tsx is
// registered and the bundle is (re)built, or src/cli.ts runs through tsx when it cannot be.
import { pathToFileURL } from 'node:url';
import { freshEntries } from '@workshop/sim/core/bundle-fresh.mjs';
import { BUNDLE_EXTERNAL, BUNDLE_NAME, bundleInputs, registerBundleHooks } from './bundle-inputs.mjs';

const verbose = process.argv.includes('--verbose');
const cacheDir = process.env.WORKSHOP_BUNDLE_CACHE_DIR || undefined;
const say = (line) => verbose && process.stderr.write(` • ${line}\n`);
const reason = (error) => {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause ? ` (${String(error.cause).split('\n')[0]})` : '';
  return `${message}${cause}`;
};

/** Imports the bundle when it is fresh, without hooks; false when the slow path must run. */
async function fromFreshBundle() {
  let found;
  try {
    const entries = bundleInputs();
    found = await freshEntries(entries, { name: BUNDLE_NAME, cacheDir, external: BUNDLE_EXTERNAL });
    if (!found) return false;
    globalThis[Symbol.for('workshop.lab-bundle')] = {
      dir: found.dir,
      files: found.files,
      async registerHooks() {
        (await import('tsx/esm/api')).register();
        registerBundleHooks(entries, found);
      },
    };
  } catch (error) {
    say(`lab: could not check the bundle: ${reason(error)}`);
    return false;
  }
  say(
    `lab: running from the bundle ${found.dir} with no module hooks (WORKSHOP_NO_BUNDLE=1 runs the sources through tsx)`,
  );
  try {
    await import(pathToFileURL(found.files.cli).href);
    return true;
  } catch (error) {
    // A bundle that fails as it loads (the command itself reports its own errors, never throws).
    delete globalThis[Symbol.for('workshop.lab-bundle')];
    say(`lab: the bundle failed to load: ${reason(error)}`);
    return false;
  }
}

/** Builds (or reuses) the bundle with tsx registered; false when src/cli.ts must run from source. */
async function fromBuiltBundle() {
  let bundle;
  try {
    const { prepareCliBundle } = await import('../src/bundle.ts');
    bundle = await prepareCliBundle(cacheDir);
    say(bundle.note);
    await import(pathToFileURL(bundle.cli).href);
    return true;
  } catch (error) {
    bundle?.disable();
    say(`lab: running the sources through tsx: ${reason(error)}`);
    return false;
  }
}

if (process.env.WORKSHOP_NO_BUNDLE === '1') {
  say('lab: WORKSHOP_NO_BUNDLE=1: running the sources through tsx');
  (await import('tsx/esm/api')).register();
  await import('../src/cli.ts');
} else if (!(await fromFreshBundle())) {
  (await import('tsx/esm/api')).register();
  if (!(await fromBuiltBundle())) await import('../src/cli.ts');
}
