import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withBuildLock } from './build-lock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lockFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'build-lock-'));
  dirs.push(dir);
  return path.join(dir, 'build.lock');
}

describe('the build lock', () => {
  it('lets one holder work at a time and removes the file after the last', async () => {
    const file = lockFile();
    const order: string[] = [];
    const job = (name: string) =>
      withBuildLock(file, async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 150));
        order.push(`${name} out`);
      });
    await Promise.all([job('a'), job('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose owner is no longer running', async () => {
    const file = lockFile();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(file, String(gone));
    let waitedFor: number | undefined;
    const result = await withBuildLock(file, async () => 'built', {
      timeoutMs: 2_000,
      onWait: (pid) => (waitedFor = pid),
    });
    expect(result).toBe('built');
    expect(waitedFor).toBeUndefined();
  });

  it('gives up on a live owner after the timeout, naming it and the file', async () => {
    const file = lockFile();
    writeFileSync(file, String(process.ppid));
    const error = await withBuildLock(file, async () => 'never', { timeoutMs: 300 }).catch((e: Error) => e);
    expect(String(error)).toContain(`another process (pid ${process.ppid}) has held ${file} for too long`);
  });
});
