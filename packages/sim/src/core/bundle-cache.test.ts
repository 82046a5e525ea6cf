import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleEntry } from './bundle-cache.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A two-file TypeScript program that prints a greeting and where it thinks it lives. */
function fixture(greeting: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-cache-'));
  dirs.push(dir);
  const src = path.join(dir, 'src');
  const cacheDir = path.join(dir, 'cache');
  mkdirSync(src, { recursive: true });
  writeFileSync(
    path.join(src, 'greeting.ts'),
    `export const greeting: string = ${JSON.stringify(greeting)};\n`,
  );
  writeFileSync(
    path.join(src, 'main.ts'),
    [
      "import { createRequire } from 'node:module';",
      "import { greeting } from './greeting.ts';",
      // A module-level `require`, as strict-decode.ts has: must not clash with the bundle's own.
      'const require = createRequire(import.meta.url);',
      "const { basename } = require('node:path') as typeof import('node:path');",
      'console.log(JSON.stringify({ greeting, url: import.meta.url, file: basename(import.meta.filename) }));',
      '',
    ].join('\n'),
  );
  return { dir, src, cacheDir, entry: path.join(src, 'main.ts') };
}

function run(file: string): { greeting: string; url: string; file: string } {
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
}

describe('bundleEntry', () => {
  it('bundles a TypeScript entry into one file that node runs, with import.meta naming the source', async () => {
    const { cacheDir, entry } = fixture('hello');
    const bundle = await bundleEntry(entry, { cacheDir });
    expect(bundle.built).toBe(true);
    expect(path.dirname(bundle.file)).toBe(cacheDir);
    expect(bundle.file).toMatch(/main-[0-9a-f]{8}-[0-9a-f]{16}\.mjs$/);
    expect(run(bundle.file)).toEqual({ greeting: 'hello', url: pathToFileURL(entry).href, file: 'main.ts' });
  });

  it('reuses the bundle while every input has the content it was built from', async () => {
    const { cacheDir, entry } = fixture('hello');
    const first = await bundleEntry(entry, { cacheDir });
    const second = await bundleEntry(entry, { cacheDir });
    expect(second).toEqual({ file: first.file, built: false });
  });

  it('rebuilds when an imported source changes, so a stale bundle never runs', async () => {
    const { src, cacheDir, entry } = fixture('hello');
    const first = await bundleEntry(entry, { cacheDir });
    writeFileSync(path.join(src, 'greeting.ts'), 'export const greeting: string = "changed";\n');
    const second = await bundleEntry(entry, { cacheDir });
    expect(second.built).toBe(true);
    expect(second.file).not.toBe(first.file);
    expect(run(second.file).greeting).toBe('changed');
    // Changing it back finds the first content hash again (same file name).
    writeFileSync(path.join(src, 'greeting.ts'), 'export const greeting: string = "hello";\n');
    const third = await bundleEntry(entry, { cacheDir });
    expect(third.file).toBe(first.file);
    expect(run(third.file).greeting).toBe('hello');
  });

  it('rebuilds when the bundle file or its manifest is gone or unreadable', async () => {
    const { cacheDir, entry } = fixture('hello');
    const first = await bundleEntry(entry, { cacheDir });
    rmSync(first.file);
    const second = await bundleEntry(entry, { cacheDir });
    expect(second).toEqual({ file: first.file, built: true });
    const manifest = path.join(cacheDir, `${path.basename(first.file).slice(0, 'main-'.length + 8)}.json`);
    expect(JSON.parse(readFileSync(manifest, 'utf8')).file).toBe(first.file);
    writeFileSync(manifest, '{ not json');
    expect((await bundleEntry(entry, { cacheDir })).built).toBe(true);
  });

  it('says which entry it could not bundle, with esbuild’s error as the cause', async () => {
    const { src, cacheDir, entry } = fixture('hello');
    writeFileSync(path.join(src, 'greeting.ts'), 'export const greeting = ;\n');
    const error = (await bundleEntry(entry, { cacheDir }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`esbuild could not bundle ${entry}; run it with tsx to see the error`);
    expect(String((error.cause as Error).message)).toContain('greeting.ts');
  });
});
