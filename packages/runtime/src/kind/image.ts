// The backend image on kind: its name, and a content hash of what it is built from, carried as an
// image label. The label survives every store (Docker's classic and containerd stores, Podman, the
// node's containerd), where image IDs do not match, so "the node already has this very image" can be
// asked by comparing one string.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The label that carries the hash of the build inputs. */
export const BUILD_HASH_LABEL = 'io.workshop.build-hash';

/**
 * The name the image is built, saved and loaded under. The Pods ask for `workshop/backend:<v>`,
 * which the node's containerd resolves as `docker.io/workshop/backend:<v>`; naming it so on every
 * engine keeps Podman (which would prefix `localhost/`) from loading a name no Pod asks for.
 */
export function qualifiedImage(reference: string): string {
  const first = reference.split('/')[0] ?? '';
  const hasRegistry =
    reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? reference : `docker.io/${reference}`;
}

/**
 * sha256 over the files the backend image is built from: the ones apps/backend/Dockerfile.dockerignore
 * lets into the build context (its `!path` lines, minus its `path/**\/*.ext` exclusions), plus the
 * Dockerfile and the ignore file themselves. Same inputs, same hash, on every machine.
 */
export function backendBuildHash(repoRoot: string): string {
  const dockerfile = 'apps/backend/Dockerfile';
  const ignoreFile = `${dockerfile}.dockerignore`;
  const included: string[] = [];
  const excluded: RegExp[] = [];
  const rules = existsSync(join(repoRoot, ignoreFile))
    ? readFileSync(join(repoRoot, ignoreFile), 'utf8').split('\n')
    : [];
  for (const raw of rules) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line === '*') continue;
    if (line.startsWith('!')) included.push(line.slice(1).replace(/\/$/, ''));
    else excluded.push(globToRegExp(line));
  }
  const files = new Set<string>([dockerfile, ignoreFile]);
  for (const path of included) for (const file of walk(repoRoot, path)) files.add(file);
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    if (excluded.some((re) => re.test(file)) || !existsSync(join(repoRoot, file))) continue;
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(repoRoot, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function walk(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => walk(root, relative(root, join(full, name))));
}

/** `apps/backend/src/**\/*.test.ts` → a RegExp over repository-relative paths. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
