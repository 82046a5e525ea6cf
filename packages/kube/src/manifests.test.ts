import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests, parseManifests } from './manifests.ts';

describe('parseManifests', () => {
  it('reads every document with the line it starts on', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n# c\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    const loaded = parseManifests(text, 'x.yaml');
    expect(loaded.map((l) => [l.object.kind, l.line])).toEqual([
      ['Service', 1],
      ['ConfigMap', 7],
    ]);
  });

  it('reports malformed YAML as file:line:col', () => {
    expect(() =>
      parseManifests('apiVersion: v1\nkind: Service\nmetadata:\n  name: a: b\n', 'svc.yaml'),
    ).toThrow(/^svc\.yaml:4:9: Nested mappings/);
  });

  it('rejects a document without kind', () => {
    expect(() => parseManifests('apiVersion: v1\nmetadata:\n  name: a\n', 'a.yaml')).toThrow(
      'a.yaml:1: the object has no kind',
    );
  });
});

describe('loadManifests', () => {
  it('reads the yaml files of a directory in name order and says which path is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifests-'));
    writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    writeFileSync(join(dir, 'a.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect(loadManifests([dir]).map((l) => l.object.metadata.name)).toEqual(['a', 'b']);
    expect(() => loadManifests([join(dir, 'nope.yaml')])).toThrow(
      /nope\.yaml does not exist or cannot be read \(ENOENT\)/,
    );
  });
});
