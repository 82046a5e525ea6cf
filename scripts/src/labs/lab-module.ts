// Loads a lab's own TypeScript (setup.ts, checks.ts) in a `lab` process. When the command runs from
// its bundle with no module hooks (bin/lab.mjs's fast path), nothing in the process can load
// TypeScript, so the file is bundled with esbuild too, cached by content in lab-modules/ of the
// command's bundle cache, its imports of the shared packages left as imports of the command's own
// bundled copies: the lab file and the command share one instance of each. From source (tsx
// registered) the file is imported as it is.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleEntry } from '@workshop/sim/core/bundle-cache.ts';

/** What bin/lab.mjs records when it runs the command from its bundle without module hooks. */
interface RunningBundle {
  dir: string;
  /** Each bundle entry's file: `cli` and the shared packages by name without the scope. */
  files: Record<string, string>;
  /** Registers tsx and the bundle's redirect hooks after all (for a file esbuild cannot bundle). */
  registerHooks(): Promise<void>;
}

const RUNNING_BUNDLE = Symbol.for('workshop.lab-bundle');
let loads = 0;

function runningBundle(): RunningBundle | undefined {
  return (globalThis as Record<symbol, RunningBundle | undefined>)[RUNNING_BUNDLE];
}

/** How the command runs, for --verbose. */
export function moduleLoading(): string {
  return runningBundle()
    ? 'lab files: bundled with esbuild beside the command (no module hooks)'
    : 'lab files: imported through tsx';
}

/** The lab file's module; a second load in one process sees the file as it is now. */
export async function importLabModule(file: string): Promise<Record<string, unknown>> {
  const bundle = runningBundle();
  if (bundle) {
    const linked: Record<string, string> = {};
    for (const [name, path] of Object.entries(bundle.files)) {
      if (name !== 'cli') linked[`@workshop/${name}`] = path;
    }
    let built: string | undefined;
    try {
      // Beside the command's own cache, wherever the lab lives (WORKSHOP_LABS_DIR may be outside).
      const cacheDir = join(dirname(bundle.dir), 'lab-modules');
      built = (await bundleEntry(file, { cacheDir, linked })).file;
    } catch {
      // esbuild could not bundle it: tsx loads it, and reports what is wrong with it in its words.
      await bundle.registerHooks();
    }
    if (built) return (await import(pathToFileURL(built).href)) as Record<string, unknown>;
  }
  return (await import(`${pathToFileURL(file).href}?load=${++loads}`)) as Record<string, unknown>;
}
