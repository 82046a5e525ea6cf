// The program behind `kubectl exec` and the debug images: src/toolbox/main.ts as one bundled file
// (no TypeScript transform per start), or through tsx when it cannot be bundled.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntry } from '../core/bundle-cache.ts';

export const TOOLBOX_MAIN = fileURLToPath(new URL('../toolbox/main.ts', import.meta.url));
// Not image-catalog's REPO_ROOT: that module imports this one, and the constant is needed at load time.
const REPO_ROOT = path.resolve(path.dirname(TOOLBOX_MAIN), '../../../..');

export interface ToolboxProgram {
  nodeArgs: string[];
  entry: string;
  cwd: string;
}

const THROUGH_TSX: ToolboxProgram = { nodeArgs: ['--import', 'tsx'], entry: TOOLBOX_MAIN, cwd: REPO_ROOT };
let resolved: ToolboxProgram | undefined;
let pending: Promise<ToolboxProgram> | undefined;

/** Bundles the toolbox once per process (bundleEntry reuses the cached file while its sources match). */
export function prepareToolbox(log: (line: string) => void = () => {}): Promise<ToolboxProgram> {
  pending ??= bundleEntry(TOOLBOX_MAIN).then(
    (bundle) => {
      if (bundle.built) log(` ✓ Built the Pod toolbox (bundle of ${path.relative(REPO_ROOT, TOOLBOX_MAIN)})`);
      resolved = { nodeArgs: [], entry: bundle.file, cwd: REPO_ROOT };
      return resolved;
    },
    (error: Error) => {
      log(` • the Pod toolbox runs through tsx: ${error.message}`);
      resolved = THROUGH_TSX;
      return resolved;
    },
  );
  return pending;
}

/** The prepared program, or the tsx fallback when nothing prepared it yet. */
export function toolboxProgram(): ToolboxProgram {
  return resolved ?? THROUGH_TSX;
}
