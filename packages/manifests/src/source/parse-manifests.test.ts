import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifests, readManifestFile } from './parse-manifests.ts';

const fixture = (name: string) => new URL(`../../test/fixtures/hostile/${name}`, import.meta.url).pathname;

describe('readManifestFile on hostile input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'manifests-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a YAML alias bomb (billion laughs) with a located error instead of expanding it', async () => {
    const { objects, diagnostics } = await readManifestFile(fixture('billion-laughs.yaml'));
    expect(objects).toEqual([]);
    expect(diagnostics).toMatchObject([{ rule: 'yaml-alias-bomb', severity: 'error', line: 1, col: 1 }]);
    expect(diagnostics[0]?.message).toContain('aliases expand to more than 100 copies');
  });

  it('refuses a 10 MB file without reading it, saying how big it is and what the limit is', async () => {
    const big = join(dir, 'big.yaml');
    await writeFile(big, `a: ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const { diagnostics } = await readManifestFile(big);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'file-too-large', line: 1, col: 1, severity: 'error' });
    expect(diagnostics[0]?.message).toBe('file is 10.0 MiB; manifests larger than 1.0 MiB are refused');
  });

  it('refuses a binary file and points at the first NUL byte', async () => {
    const { diagnostics } = await readManifestFile(fixture('binary.yaml'));
    expect(diagnostics).toMatchObject([{ rule: 'binary-file', line: 3, col: 1 }]);
  });

  it('refuses a file that is not UTF-8 and points at the first bad byte', async () => {
    const { diagnostics } = await readManifestFile(fixture('latin1.yaml'));
    expect(diagnostics).toMatchObject([{ rule: 'not-utf8', line: 4, col: 12 }]);
  });

  it('warns that an empty file (only comments) holds no objects', async () => {
    const { objects, diagnostics } = await readManifestFile(fixture('empty.yaml'));
    expect(objects).toEqual([]);
    expect(diagnostics).toMatchObject([{ rule: 'no-objects', severity: 'warning', line: 1, col: 1 }]);
  });

  it('keeps the good documents of a multi-document file and locates the broken one', async () => {
    const { objects, diagnostics } = await readManifestFile(fixture('multi-doc-broken.yaml'));
    expect(objects.map((o) => o.name)).toEqual(['first', 'third']);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', line: 15 });
    expect(diagnostics[0]?.hint).toContain('document 2 of this file');
  });

  it('reports tab indentation with its line and column', async () => {
    const { diagnostics } = await readManifestFile(fixture('tabs.yaml'));
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-tab-indent', line: 6, col: 1 });
    expect(diagnostics[0]?.message).toBe('tab used for indentation; YAML allows only spaces there');
  });

  it('reports a duplicate key at the second occurrence, naming the key', async () => {
    const { diagnostics } = await readManifestFile(fixture('duplicate-key.yaml'));
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-duplicate-key', line: 8, col: 7 });
    expect(diagnostics[0]?.message).toBe('key "port" appears twice in the same mapping');
  });

  it('refuses absurdly deep block nesting before the parser sees it', async () => {
    const { diagnostics } = await readManifestFile(fixture('deep-nesting.yaml'));
    expect(diagnostics).toMatchObject([{ rule: 'yaml-too-deep', line: 4, col: 1 }]);
  });

  it('reports a missing file as a diagnostic, not a throw', async () => {
    const { diagnostics } = await readManifestFile(join(dir, 'nope.yaml'));
    expect(diagnostics).toMatchObject([{ rule: 'file-not-found', message: 'file does not exist' }]);
  });
});

describe('parseManifests', () => {
  it('refuses thousands of nested flow collections', () => {
    const { diagnostics } = parseManifests(`a: ${'['.repeat(50_000)}`, 'x.yaml');
    expect(diagnostics).toMatchObject([{ rule: 'yaml-too-deep' }]);
  });

  it('refuses a file with more lines than any manifest needs', () => {
    const { diagnostics } = parseManifests('a: b\n'.repeat(60_000), 'x.yaml');
    expect(diagnostics).toMatchObject([{ rule: 'file-too-large', line: 10_001 }]);
  });

  it('finds duplicate keys in a mapping of thousands of keys, reporting only the first few', () => {
    const { diagnostics } = parseManifests(
      `x: {${Array.from({ length: 4_000 }, () => 'a: 1').join(', ')}}`,
      'x.yaml',
    );
    expect(diagnostics).toHaveLength(5);
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-duplicate-key', line: 1, col: 11 });
  });

  it('reads every item of a kind: List as its own object, located inside the list', () => {
    const { objects } = parseManifests(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n',
      'list.yaml',
    );
    expect(objects).toMatchObject([{ kind: 'Service', name: 'a', basePath: ['items', 0] }]);
  });

  it('reports a document that is a list rather than an object', () => {
    const { diagnostics } = parseManifests('- a\n- b\n', 'x.yaml');
    expect(diagnostics).toMatchObject([
      { rule: 'not-an-object', message: 'document is a list, not a Kubernetes object' },
    ]);
  });

  it('explains a value containing ": " in plain words', () => {
    const { diagnostics } = parseManifests('metadata:\n  name: foo: bar\n', 'x.yaml');
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-syntax', line: 2, col: 9 });
    expect(diagnostics[0]?.hint).toContain('quote the value');
  });
});
