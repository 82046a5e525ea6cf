// A lock file shared by every process on the machine that may build an image's program: several
// sims (test clusters, a developer's daemon) starting backend Pods at once must not run three
// compilers over the same dist/ folder. The lock holds its owner's pid, so a crashed owner's lock is
// taken over instead of waited for.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../core/process-alive.ts';

export interface BuildLockOptions {
  /** How long to wait for another owner before giving up (default 5 minutes). */
  timeoutMs?: number;
  /** Called once when the lock is held by another live process. */
  onWait?: (ownerPid: number) => void;
}

/** Runs `work` while holding the lock at `file`; waits while a live process holds it. */
export async function withBuildLock<T>(
  file: string,
  work: () => Promise<T>,
  options: BuildLockOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  let waited = false;
  for (;;) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    // An empty file is an owner between creating and writing it: wait for it like a live one.
    if (owner && !isAlive(owner)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `another process (pid ${owner || 'unknown'}) has held ${file} for too long; remove the file if no build is running`,
      );
    }
    if (!waited && owner) options.onWait?.(owner);
    waited = true;
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    await rm(file, { force: true });
  }
}
