// Bundles the Pod network shim into one plain ESM file that `node --import` can load without tsx,
// once per state directory (like an image layer the kubelet already has).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SOURCE = fileURLToPath(new URL('./pod-network-shim.ts', import.meta.url));

const builds = new Map<string, Promise<string>>();

/** Writes `<dir>/pod-network-shim.mjs` (once per process and dir) and returns its absolute path. */
export function buildPodNetworkShim(dir: string): Promise<string> {
  const outfile = path.resolve(dir, 'pod-network-shim.mjs');
  let pending = builds.get(outfile);
  if (!pending) {
    pending = (async () => {
      await mkdir(dir, { recursive: true });
      try {
        await build({
          entryPoints: [SOURCE],
          outfile,
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          logLevel: 'silent',
        });
      } catch (error) {
        builds.delete(outfile);
        throw new Error(`could not build the Pod network shim from ${SOURCE} into ${outfile}`, {
          cause: error,
        });
      }
      return outfile;
    })();
    builds.set(outfile, pending);
  }
  return pending;
}
