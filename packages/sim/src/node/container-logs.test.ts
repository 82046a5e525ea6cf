import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it } from 'vitest';
import { LogWriter, readContainerLog } from './container-logs.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function writer() {
  dir = await mkdtemp(path.join(tmpdir(), 'sim-logs-'));
  return new LogWriter(path.join(dir, '0.log'));
}

describe('container logs', () => {
  it('keeps stdout and stderr lines in order and reads them back', async () => {
    const w = await writer();
    w.write('stdout', 'one\ntw');
    w.write('stderr', 'err\n');
    w.write('stdout', 'o\n');
    await w.close();
    expect(await text(readContainerLog(w.filePath))).toBe('one\nerr\ntwo\n');
  });

  it('returns the last lines with tailLines and prefixes timestamps on request', async () => {
    const w = await writer();
    w.write('stdout', 'a\nb\nc\n');
    await w.close();
    expect(await text(readContainerLog(w.filePath, { tailLines: 2 }))).toBe('b\nc\n');
    expect(await text(readContainerLog(w.filePath, { tailLines: 1, timestamps: true }))).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z c\n$/,
    );
  });

  it('follows new lines until the container stops', async () => {
    const w = await writer();
    w.write('stdout', 'first\n');
    let live = true;
    const stream = readContainerLog(w.filePath, { follow: true, isLive: () => live, pollMs: 10 });
    const collected = text(stream);
    await new Promise((resolve) => setTimeout(resolve, 50));
    w.write('stdout', 'second\n');
    await w.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    live = false;
    expect(await collected).toBe('first\nsecond\n');
  });
});
