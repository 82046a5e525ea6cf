// Module hooks registered by src/bundle.ts when the `lab` command runs from its bundle:
// - an import that resolves to a workspace package's root module (`@workshop/grader` from a lab's
//   checks.ts) gets the bundle's copy of it instead, the one the command itself uses;
// - the bundle's own files are resolved and loaded here, without asking tsx (registered before
//   these hooks, so it runs after them): they are plain JavaScript, and tsx's look at each of them
//   costs more than loading the whole bundle.
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Source module URL → the bundle's entry URL. */
let redirects = new Map();
/** The bundle folder's URL, ending in a slash. */
let bundleDir = '\0';
/** Set to 1 by the main thread when the command runs from source after all: these hooks step aside. */
let off = new Int32Array(1);

export function initialize(data) {
  redirects = new Map(Object.entries(data?.redirects ?? {}));
  if (data?.bundleDir) bundleDir = data.bundleDir;
  if (data?.off) off = data.off;
}

export async function resolve(specifier, context, nextResolve) {
  if (Atomics.load(off, 0) !== 0) return nextResolve(specifier, context);
  if (context.parentURL?.startsWith(bundleDir)) {
    if (specifier.startsWith('./')) {
      return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
    }
    if (isBuiltin(specifier))
      return { url: specifier.startsWith('node:') ? specifier : `node:${specifier}`, shortCircuit: true };
  }
  const resolved = await nextResolve(specifier, context);
  const target = redirects.get(resolved.url);
  return target ? { url: target, format: 'module', shortCircuit: true } : resolved;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith(bundleDir) && Atomics.load(off, 0) === 0) {
    return { format: 'module', source: await readFile(fileURLToPath(url)), shortCircuit: true };
  }
  return nextLoad(url, context);
}
