// The backend image on the kind node: built unless the engine has it from the same inputs, loaded
// unless the node has it already, both compared by the build-hash label (image.ts).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../errors.ts';
import type { Progress } from '../progress.ts';
import type { Engine } from './engine.ts';
import { BUILD_HASH_LABEL, backendBuildHash } from './image.ts';
import { must, type Shell } from './shell.ts';
import { KIND_CLUSTER_NAME, KIND_NODE } from './versions.ts';

export interface BackendImageOptions {
  sh: Shell;
  engine: Engine;
  /** The fully qualified image name the Pods resolve to. */
  image: string;
  repoRoot: string;
  /** Where the archive for `kind load image-archive` is written for a moment. */
  dir: string;
  progress: Progress;
}

export async function ensureBackendImage(options: BackendImageOptions): Promise<void> {
  const { image, progress } = options;
  const hash = backendBuildHash(options.repoRoot);
  const local = await localImageHash(options);
  if (local === hash) progress.info(`${image} is built from the current sources; not rebuilding it`);
  else await progress.step(`Building image ${image}`, () => buildBackend(options, hash));
  if ((await nodeImageHash(options)) === hash) {
    progress.info(`the node already has ${image}; not loading it again`);
    return;
  }
  await progress.step(`Loading ${image} into the cluster`, () => loadImage(options));
}

async function localImageHash({ sh, engine, image }: BackendImageOptions): Promise<string | undefined> {
  const result = await sh()`${engine.bin} image inspect --format ${'{{json .Config.Labels}}'} ${image}`;
  if (result.exitCode !== 0) return undefined;
  try {
    return (JSON.parse(result.stdout) as Record<string, string> | null)?.[BUILD_HASH_LABEL];
  } catch {
    return undefined;
  }
}

/** The label of the image in the node's containerd, through crictl (in every kind node image). */
async function nodeImageHash({ sh, engine, image }: BackendImageOptions): Promise<string | undefined> {
  const result = await sh()`${engine.bin} exec ${KIND_NODE} crictl inspecti -o json ${image}`;
  if (result.exitCode !== 0) return undefined;
  try {
    const parsed = JSON.parse(result.stdout) as {
      info?: { imageSpec?: { config?: { Labels?: Record<string, string> } } };
    };
    return parsed.info?.imageSpec?.config?.Labels?.[BUILD_HASH_LABEL];
  } catch {
    return undefined;
  }
}

async function buildBackend(
  { sh, engine, image, repoRoot }: BackendImageOptions,
  hash: string,
): Promise<void> {
  const dockerfile = join(repoRoot, 'apps/backend/Dockerfile');
  try {
    readFileSync(dockerfile);
  } catch {
    throw new RuntimeError(`${dockerfile} does not exist; the backend image cannot be built`);
  }
  must(
    await sh()`${engine.bin} build --label ${`${BUILD_HASH_LABEL}=${hash}`} -t ${image} -f apps/backend/Dockerfile .`,
    `${engine.bin} build`,
  );
}

/**
 * `save` to an archive, then `kind load image-archive`. Docker saves only the node's platform
 * (`--platform linux/<arch>`): with Docker's containerd image store a plain save names every
 * platform of the base images, whose layers are not there, and the node's import fails.
 */
async function loadImage({ sh, engine, image, dir }: BackendImageOptions): Promise<void> {
  const archive = join(dir, `${image.replace(/[/:]/g, '_')}.tar`);
  try {
    if (engine.provider === 'podman') {
      must(await sh()`podman save --format docker-archive -o ${archive} ${image}`, 'podman save');
    } else {
      const platform = `linux/${engine.arch}`;
      const saved = await sh()`docker save --platform ${platform} -o ${archive} ${image}`;
      // Docker before 28 has no --platform; its classic store saves one platform anyway.
      if (saved.exitCode !== 0 && /unknown flag: --platform/.test(saved.stderr))
        must(await sh()`docker save -o ${archive} ${image}`, 'docker save');
      else must(saved, 'docker save');
    }
    must(
      await sh(engine.kindEnv)`kind load image-archive ${archive} --name ${KIND_CLUSTER_NAME}`,
      'kind load image-archive',
    );
  } finally {
    rmSync(archive, { force: true });
  }
}
