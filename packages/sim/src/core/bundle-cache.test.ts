import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleEntries, bundleEntry } from './bundle-cache.ts';

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

  it('bundles into a cache whose parent folder does not exist yet, as after a fresh npm ci', async () => {
    const { cacheDir, entry } = fixture('fresh');
    const nested = path.join(cacheDir, 'node_modules', '.cache', 'workshop-sim');
    const result = await bundleEntry(entry, { cacheDir: nested });
    expect(result.built).toBe(true);
    expect(result.file.startsWith(nested)).toBe(true);
  });

  it('says which entry it could not bundle and every error esbuild found, where it found it', async () => {
    const { src, cacheDir, entry } = fixture('hello');
    writeFileSync(path.join(src, 'greeting.ts'), 'export const greeting = ;\nimport "./gone.ts";\n');
    const error = (await bundleEntry(entry, { cacheDir }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      new RegExp(
        `^esbuild could not bundle ${entry.replaceAll('.', '\\.')}: \\S*greeting\\.ts:1:24: Unexpected ";"`,
      ),
    );
    expect(error.message).not.toContain('\n');
    expect(String((error.cause as Error).message)).toContain('greeting.ts');
  });
});

/**
 * Two entries sharing a module that counts its evaluations; each prints where it thinks it lives,
 * and one keeps the words import.meta.url inside a string (as a banner for another bundle would).
 */
function sharedFixture(word: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-entries-'));
  dirs.push(dir);
  const src = path.join(dir, 'src');
  mkdirSync(src, { recursive: true });
  const write = (name: string, lines: string[]) =>
    writeFileSync(path.join(src, name), `${lines.join('\n')}\n`);
  write('shared.ts', [
    'const g = globalThis as { evaluations?: number };',
    'g.evaluations = (g.evaluations ?? 0) + 1;',
    `export const word: string = ${JSON.stringify(word)};`,
    'export const sharedUrl = import.meta.url;',
  ]);
  write('a.ts', [
    "import { sharedUrl, word } from './shared.ts';",
    'export const a = { word, sharedUrl, url: import.meta.url, banner: "const r = createRequire(import.meta.url);" };',
  ]);
  write('b.ts', [
    "import { word } from './shared.ts';",
    'export const b = { word, dirname: import.meta.dirname };',
  ]);
  const entries = { a: path.join(src, 'a.ts'), b: path.join(src, 'b.ts') };
  return { dir, src, cacheDir: path.join(dir, 'cache'), entries };
}

/** Imports both entries in a fresh process and prints what they export. */
function runBoth(files: Record<string, string>) {
  const script = [
    `const { a } = await import(${JSON.stringify(pathToFileURL(files.a as string).href)});`,
    `const { b } = await import(${JSON.stringify(pathToFileURL(files.b as string).href)});`,
    'console.log(JSON.stringify({ a, b, evaluations: globalThis.evaluations }));',
  ].join('\n');
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
}

describe('bundleEntries', () => {
  it('bundles several entries into one folder; a module they share is evaluated once', async () => {
    const { src, cacheDir, entries } = sharedFixture('hello');
    const bundle = await bundleEntries(entries, { name: 'test-bundle', cacheDir });
    expect(bundle.built).toBe(true);
    expect(path.dirname(bundle.dir)).toBe(cacheDir);
    expect(path.basename(bundle.dir)).toMatch(/^test-bundle-[0-9a-f]{8}-[0-9a-f]{16}$/);
    expect(bundle.files).toEqual({ a: path.join(bundle.dir, 'a.mjs'), b: path.join(bundle.dir, 'b.mjs') });
    expect(runBoth(bundle.files)).toEqual({
      a: {
        word: 'hello',
        sharedUrl: pathToFileURL(path.join(src, 'shared.ts')).href,
        url: pathToFileURL(entries.a).href,
        // Only the expression is replaced, not the words in a string.
        banner: 'const r = createRequire(import.meta.url);',
      },
      b: { word: 'hello', dirname: src },
      evaluations: 1,
    });
  });

  it('reuses the folder while the inputs are unchanged, and rebuilds when one changes', async () => {
    const { src, cacheDir, entries } = sharedFixture('hello');
    const first = await bundleEntries(entries, { name: 'test-bundle', cacheDir });
    expect(await bundleEntries(entries, { name: 'test-bundle', cacheDir })).toEqual({
      ...first,
      built: false,
    });
    writeFileSync(
      path.join(src, 'shared.ts'),
      'export const word: string = "changed";\nexport const sharedUrl = "";\n',
    );
    const second = await bundleEntries(entries, { name: 'test-bundle', cacheDir });
    expect(second.built).toBe(true);
    expect(second.dir).not.toBe(first.dir);
    expect(runBoth(second.files).b.word).toBe('changed');
  });

  it('rebuilds a folder that lost a file (a shared chunk), instead of running it broken', async () => {
    const { cacheDir, entries } = sharedFixture('hello');
    const first = await bundleEntries(entries, { name: 'test-bundle', cacheDir });
    const chunk = readdirSync(first.dir).find((name) => name.startsWith('chunk-'));
    expect(chunk, readdirSync(first.dir).join(', ')).toBeDefined();
    rmSync(path.join(first.dir, chunk as string));
    const second = await bundleEntries(entries, { name: 'test-bundle', cacheDir });
    expect(second).toEqual({ ...first, built: true });
    expect(existsSync(path.join(first.dir, chunk as string))).toBe(true);
    expect(runBoth(second.files).evaluations).toBe(1);
  });

  it('builds concurrently without corrupting the folder: every caller gets the same complete bundle', async () => {
    const { cacheDir, entries } = sharedFixture('hello');
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => bundleEntries(entries, { name: 'test-bundle', cacheDir })),
    );
    expect(new Set(results.map((r) => r.dir)).size).toBe(1);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(runBoth((results[0] as { files: Record<string, string> }).files).a.word).toBe('hello');
  });

  it('leaves external packages as imports', async () => {
    const { src, cacheDir } = sharedFixture('hello');
    writeFileSync(path.join(src, 'lazy.ts'), "export const load = () => import('typescript');\n");
    const bundle = await bundleEntries(
      { lazy: path.join(src, 'lazy.ts') },
      { name: 'test-bundle', cacheDir, external: ['typescript'] },
    );
    expect(readFileSync(bundle.files.lazy as string, 'utf8')).toContain('import("typescript")');
  });
});
