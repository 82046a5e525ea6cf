// The images this node "has": each maps an image reference to a program in this repository, run as
// a Node process (`workshop/backend:*` → the backend app, `traefik:*` → the sim's ingress controller).
// Any other image fails like a pull on a cluster without registry access.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntry } from '../core/bundle-cache.ts';
import { applet, isKnown } from '../toolbox/commands.ts';
import { withBuildLock } from './build-lock.ts';
import { busyboxImage, curlImage } from './debug-images.ts';
import { prepareToolbox, toolboxProgram } from './toolbox-program.ts';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export interface ContainerSpecLike {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
}

/** What to exec for a container: `node <nodeArgs> <entry> <args>` in `cwd`. */
export interface ProcessPlan {
  nodeArgs: string[];
  entry: string;
  args: string[];
  cwd: string;
}

export interface ImageEntry {
  /** The pattern shown to users, e.g. `workshop/backend:*`. */
  pattern: string;
  matches(image: string): boolean;
  /** Makes the image's program ready (builds it when its sources are newer), once per catalog. */
  prepare?(log: (line: string) => void): Promise<void>;
  /** The process for a container; throws a StartError when command/args cannot work with this image. */
  plan(container: ContainerSpecLike): ProcessPlan;
}

/** A container that cannot be started with this image (kubelet reason RunContainerError/StartError). */
export class StartError extends Error {
  override name = 'StartError';
}

export interface ImageCatalog {
  entries: ImageEntry[];
  find(image: string): ImageEntry | undefined;
  /** The pull error message for an image the sim does not have. */
  missingMessage(image: string): string;
}

export function createImageCatalog(entries: ImageEntry[]): ImageCatalog {
  return {
    entries,
    find: (image) => entries.find((entry) => entry.matches(image)),
    missingMessage: (image) =>
      `image "${image}" is not available in the sim: it has no registry access; images it can run: ${entries
        .map((e) => e.pattern)
        .join(', ')}`,
  };
}

/** Matches `<name>:<any tag>` and `<name>@<digest>`, also with an explicit docker.io/library prefix. */
export function imageNameMatcher(name: string): (image: string) => boolean {
  const variants = new Set([
    name,
    `docker.io/${name}`,
    name.includes('/') ? name : `docker.io/library/${name}`,
  ]);
  return (image) => {
    const at = image.indexOf('@');
    const withoutDigest = at >= 0 ? image.slice(0, at) : image;
    const colon = withoutDigest.lastIndexOf(':');
    const repo = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
    return variants.has(repo);
  };
}

/**
 * `command` replaces the image's entrypoint; as the images are Node programs the sim can only honour
 * a command that runs `node`, or one of the toolbox's shell commands (`sh -c …`, `sleep`, `curl`);
 * `args` are passed to the program.
 */
function nodeCommand(
  container: ContainerSpecLike,
  image: { entry: string; cwd: string; baseArgs?: string[] },
) {
  const args = container.args ?? [];
  const command = container.command;
  if (!command || command.length === 0) {
    return { nodeArgs: [], entry: image.entry, args: [...(image.baseArgs ?? []), ...args], cwd: image.cwd };
  }
  const [program, ...rest] = command;
  const [name = ''] = applet(command);
  if (isKnown(name)) {
    const toolbox = toolboxProgram();
    return {
      nodeArgs: toolbox.nodeArgs,
      entry: toolbox.entry,
      args: [...command, ...args],
      cwd: toolbox.cwd,
    };
  }
  if (program !== 'node' && !program?.endsWith('/node')) {
    throw new StartError(
      `failed to create containerd task: failed to create shim task: OCI runtime create failed: exec: "${program}": executable file not found in $PATH (the sim runs images as Node programs; use command: ["node", ...], a command of the sim's shell (sh, sleep, curl, nslookup, …) or leave command out)`,
    );
  }
  const all = [...rest, ...args];
  const firstFile = all.findIndex((arg) => !arg.startsWith('-'));
  if (firstFile < 0)
    throw new StartError(`command ${JSON.stringify(command)} names no script for node to run`);
  return {
    nodeArgs: all.slice(0, firstFile),
    entry: path.resolve(image.cwd, all[firstFile] as string),
    args: all.slice(firstFile + 1),
    cwd: image.cwd,
  };
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    const info = await stat(path.join(entry.parentPath, entry.name));
    newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}

function runBuild(repoRoot: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsc', '-p', 'apps/backend/tsconfig.build.json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else {
        for (const line of output.trim().split('\n')) log(`  ${line}`);
        reject(
          new Error(
            `building workshop/backend failed (tsc exited ${code}); fix the errors above in apps/backend/src`,
          ),
        );
      }
    });
  });
}

/** How the backend's "image" is built; tests pass a stand-in for the compiler. */
export interface BackendImageOptions {
  build?: (repoRoot: string, log: (line: string) => void) => Promise<void>;
  /** The lock file every process building this app shares (default: one per app folder in the temp dir). */
  lockFile?: string;
}

// Builds in flight in this process, by app folder: two clusters in one test process share them.
const inFlight = new Map<string, Promise<void>>();

export function backendImage(repoRoot = REPO_ROOT, options: BackendImageOptions = {}): ImageEntry {
  const appDir = path.join(repoRoot, 'apps/backend');
  const entry = path.join(appDir, 'dist/index.js');
  const build = options.build ?? runBuild;
  const lockFile =
    options.lockFile ??
    path.join(
      tmpdir(),
      `workshop-backend-build-${createHash('sha256').update(appDir).digest('hex').slice(0, 12)}.lock`,
    );
  const isFresh = async () => {
    const [built, sources] = await Promise.all([
      stat(entry).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
      newestMtime(path.join(appDir, 'src')),
    ]);
    return built >= sources;
  };
  const buildOnce = async (log: (line: string) => void) => {
    if (await isFresh()) return;
    await withBuildLock(
      lockFile,
      async () => {
        // Whoever held the lock before may have built it: only a still stale dist/ is built again.
        if (await isFresh()) return;
        log(' • Building image workshop/backend (npx tsc -p apps/backend/tsconfig.build.json) …');
        const started = Date.now();
        await build(repoRoot, log);
        log(` ✓ Building image workshop/backend (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      },
      { onWait: (pid) => log(` • Waiting for process ${pid}, which is building image workshop/backend …`) },
    );
  };
  let building: Promise<void> | undefined;
  return {
    pattern: 'workshop/backend:*',
    matches: imageNameMatcher('workshop/backend'),
    prepare(log) {
      const toolbox = prepareToolbox(log);
      building ??= (async () => {
        let shared = inFlight.get(appDir);
        if (!shared) {
          shared = buildOnce(log).finally(() => inFlight.delete(appDir));
          inFlight.set(appDir, shared);
        }
        await shared;
      })().catch((error) => {
        building = undefined;
        throw error;
      });
      return Promise.all([building, toolbox]).then(() => {});
    },
    plan: (container) => nodeCommand(container, { entry, cwd: appDir }),
  };
}

/**
 * `traefik:*` runs the sim's ingress controller. Its "image layer" is a one-file bundle of
 * src/ingress/main.ts (see core/bundle-cache.ts): a Pod start then costs no TypeScript transform.
 * The bundle is checked against its sources on every start; when it cannot be built the controller
 * runs through tsx instead, as before (SIM_NO_BUNDLE=1 forces that).
 */
export function traefikImage(repoRoot = REPO_ROOT): ImageEntry {
  const main = path.join(repoRoot, 'packages/sim/src/ingress/main.ts');
  let bundle: string | undefined;
  let checking: Promise<void> | undefined;
  return {
    pattern: 'traefik:*',
    matches: imageNameMatcher('traefik'),
    prepare(log) {
      if (process.env.SIM_NO_BUNDLE === '1') return Promise.resolve();
      checking ??= bundleEntry(main)
        .then(
          (result) => {
            if (result.built) log(` ✓ Built image traefik (bundle of ${path.relative(repoRoot, main)})`);
            bundle = result.file;
          },
          (error: Error) => {
            bundle = undefined;
            log(` • image traefik runs through tsx: ${error.message}`);
          },
        )
        .finally(() => {
          checking = undefined;
        });
      return checking;
    },
    plan(container) {
      if (container.command && container.command.length > 0) {
        throw new StartError(
          `the sim's traefik image runs its own entrypoint; remove command ${JSON.stringify(container.command)} and pass flags in args`,
        );
      }
      if (bundle && process.env.SIM_NO_BUNDLE !== '1') {
        return { nodeArgs: [], entry: bundle, args: container.args ?? [], cwd: repoRoot };
      }
      return { nodeArgs: ['--import', 'tsx'], entry: main, args: container.args ?? [], cwd: repoRoot };
    },
  };
}

export function defaultImageCatalog(repoRoot = REPO_ROOT): ImageCatalog {
  return createImageCatalog([backendImage(repoRoot), traefikImage(repoRoot), busyboxImage(), curlImage()]);
}
