#!/usr/bin/env node
// The `lab` command's entry: registers tsx (the labs' setup.ts and checks.ts are TypeScript,
// loaded at run time), then runs src/cli.ts from its cached bundle (src/bundle.ts), or through tsx
// when the bundle cannot be built or loaded, or when WORKSHOP_NO_BUNDLE=1 asks for that.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const verbose = process.argv.includes('--verbose');

/** Imports the bundled command; false (with the reason under --verbose) when it must run from source. */
async function fromBundle() {
  if (process.env.WORKSHOP_NO_BUNDLE === '1') {
    if (verbose) process.stderr.write(' • lab: WORKSHOP_NO_BUNDLE=1: running the sources through tsx\n');
    return false;
  }
  let bundle;
  try {
    const { prepareCliBundle } = await import('../src/bundle.ts');
    bundle = await prepareCliBundle(process.env.WORKSHOP_BUNDLE_CACHE_DIR || undefined);
    if (verbose) process.stderr.write(` • ${bundle.note}\n`);
    await import(pathToFileURL(bundle.cli).href);
    return true;
  } catch (error) {
    bundle?.disable();
    if (verbose) {
      const reason = error instanceof Error ? error.message : String(error);
      const cause = error instanceof Error && error.cause ? ` (${String(error.cause).split('\n')[0]})` : '';
      process.stderr.write(` • lab: running the sources through tsx: ${reason}${cause}\n`);
    }
    return false;
  }
}

if (!(await fromBundle())) await import('../src/cli.ts');
