// client-node's KubeConfig class, loaded fast: its module imports every generated API class (~800
// files, ~0.6 s of CPU per process), so the first load bundles it once with esbuild (tree-shaken,
// one file) into node_modules/.cache and later processes import that file (~0.1 s). Anything that
// goes wrong (no write access, esbuild missing) falls back to the plain import.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';

const SPECIFIER = '@kubernetes/client-node/dist/config.js';

type ConfigModule = { KubeConfig: typeof KubeConfig };

let loaded: Promise<ConfigModule> | undefined;

export function loadKubeConfigModule(): Promise<ConfigModule> {
  loaded ??= loadBundled().catch(() => import(SPECIFIER) as Promise<ConfigModule>);
  return loaded;
}

async function loadBundled(): Promise<ConfigModule> {
  const entry = fileURLToPath(import.meta.resolve(SPECIFIER));
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const nodeModules = dirname(dirname(packageDir)); // …/node_modules/@kubernetes/client-node
  const bundle = join(nodeModules, '.cache', 'workshop-kube', `client-node-config-${version}.mjs`);
  try {
    return (await import(pathToFileURL(bundle).href)) as ConfigModule;
  } catch {
    // Not built yet (or unreadable): build it below.
  }
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // Some dependencies are CommonJS and call require() for Node's modules.
    banner: {
      js: "import { createRequire as __workshopRequire } from 'node:module';\nconst require = __workshopRequire(import.meta.url);",
    },
  });
  const code = result.outputFiles[0]?.text;
  if (!code) throw new Error(`esbuild produced no bundle for ${SPECIFIER}`);
  mkdirSync(dirname(bundle), { recursive: true });
  // Several processes may build at once: each writes its own file and renames it into place.
  const partial = `${bundle}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, code);
    renameSync(partial, bundle);
  } finally {
    rmSync(partial, { force: true });
  }
  const module = (await import(pathToFileURL(bundle).href)) as ConfigModule;
  if (typeof module.KubeConfig !== 'function') {
    rmSync(bundle, { force: true });
    throw new Error(`the bundle of ${SPECIFIER} exports no KubeConfig class`);
  }
  return module;
}
