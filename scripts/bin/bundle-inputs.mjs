// What the `lab` command's bundle is made of (src/bundle.ts builds it, bin/lab.mjs checks it): plain
// JavaScript, so the command's entry can find a fresh bundle before anything loads TypeScript.
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The cache's name: node_modules/.cache/workshop-lab. */
export const BUNDLE_NAME = 'workshop-lab';

/**
 * Loaded only on some paths, or not bundleable: left as imports, resolved from the cache folder
 * under the root node_modules, where they are installed.
 */
export const BUNDLE_EXTERNAL = ['esbuild', 'tsx', 'tsx/*'];

/**
 * The workspace packages bundled beside the command, by their root export: the ones it loads
 * anyway and a lab's setup.ts or checks.ts may import. (@workshop/sim is not among them: the
 * command uses only its bundle cache, and the sim runs as its own process.)
 */
export const SHARED_PACKAGES = [
  '@workshop/grader',
  '@workshop/kube',
  '@workshop/manifests',
  '@workshop/runtime',
];

/** The entries: the command, and each shared package (entry name: the package name without scope). */
export function bundleInputs() {
  const entries = { cli: fileURLToPath(new URL('../src/cli.ts', import.meta.url)) };
  for (const name of SHARED_PACKAGES)
    entries[name.slice('@workshop/'.length)] = fileURLToPath(import.meta.resolve(name));
  return entries;
}

/**
 * Registers bin/bundle-hooks.mjs for a bundle (after tsx, so they run first): an import of a shared
 * package's source root gets the bundle's copy, and the bundle's own files load without tsx.
 * Returns the function that switches the hooks off (they run on their own thread; a shared flag
 * stops them at once).
 */
export function registerBundleHooks(entries, bundle) {
  const redirects = {};
  for (const [name, source] of Object.entries(entries)) {
    const file = bundle.files[name];
    if (name !== 'cli' && file) redirects[pathToFileURL(source).href] = pathToFileURL(file).href;
  }
  const off = new Int32Array(new SharedArrayBuffer(4));
  register('./bundle-hooks.mjs', import.meta.url, {
    data: { redirects, off, bundleDir: pathToFileURL(bundle.dir).href.replace(/\/?$/, '/') },
  });
  return () => Atomics.store(off, 0, 1);
}
