import { describe, expect, it } from 'vitest';
import { compare } from './compare.ts';
import { FieldSet, formatPath } from './field-set.ts';
import { mergeConfiguration } from './merge.ts';
import { schemaFor } from './schema.ts';
import { toFieldSet } from './to-field-set.ts';

const PORT_80 = 'k:{"port":80,"protocol":"TCP"}';

describe('field sets', () => {
  it('round-trips FieldsV1 with self markers, keyed items and set values', () => {
    const raw = {
      'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:ports': { [PORT_80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } } },
    };
    const set = FieldSet.fromFieldsV1(raw);
    expect(set.has(['f:spec', 'f:ports', PORT_80])).toBe(true);
    expect(set.has(['f:spec', 'f:ports'])).toBe(false);
    expect(set.has(['f:metadata', 'f:labels'])).toBe(true);
    expect(set.toFieldsV1()).toEqual(raw);
  });

  it('prints paths the way the API server does in conflicts', () => {
    expect(formatPath(['f:spec', 'f:ports', PORT_80, 'f:targetPort'])).toBe(
      '.spec.ports[port=80,protocol="TCP"].targetPort',
    );
    expect(formatPath(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
  });

  it('computes difference and intersection member by member', () => {
    const a = FieldSet.fromPaths([['f:a', 'f:b'], ['f:a', 'f:c'], ['f:d']]);
    const b = FieldSet.fromPaths([['f:a', 'f:b'], ['f:e']]);
    expect(a.difference(b).paths()).toEqual([['f:a', 'f:c'], ['f:d']]);
    expect(a.intersection(b).paths()).toEqual([['f:a', 'f:b']]);
    expect(a.union(b).paths()).toHaveLength(4);
  });
});

describe('the fields an applied configuration sets', () => {
  it('keys Service ports by port and protocol (TCP by default) and owns the atomic selector whole', () => {
    const set = toFieldSet(
      {
        metadata: { labels: { app: 'api' } },
        spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
      schemaFor('Service'),
    );
    expect(set.toFieldsV1()).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:ports': { [PORT_80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } },
        'f:selector': {},
      },
    });
  });

  it('keys containers and env by name, container ports by containerPort and protocol, args atomic', () => {
    const set = toFieldSet(
      {
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  args: ['--x'],
                  env: [{ name: 'A', value: '1' }],
                  ports: [{ containerPort: 8080, protocol: 'UDP' }],
                },
              ],
            },
          },
        },
      },
      schemaFor('Deployment'),
    );
    const container = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"api"}'];
    expect(set.has(container)).toBe(true);
    expect(set.has([...container, 'f:args'])).toBe(true);
    expect(set.has([...container, 'f:env', 'k:{"name":"A"}', 'f:value'])).toBe(true);
    expect(set.has([...container, 'f:ports', 'k:{"containerPort":8080,"protocol":"UDP"}'])).toBe(true);
    expect(set.has(['f:spec', 'f:selector'])).toBe(true);
    expect(set.hasBelow(['f:spec', 'f:selector'])).toBe(false);
  });

  it('refuses an associative list item without its key, in structured-merge-diff words', () => {
    expect(() => toFieldSet({ spec: { ports: [{ targetPort: 80 }] } }, schemaFor('Service'))).toThrow(
      '.spec.ports: element 0: associative list with keys has an element that omits key field "port" (and doesn\'t have default value)',
    );
    expect(() =>
      toFieldSet({ spec: { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] } }, schemaFor('Service')),
    ).toThrow('.spec.ports: duplicate entries for key [port=80,protocol="TCP"]');
  });
});

describe('comparing two versions', () => {
  it('reports a changed targetPort as modified and a new port as added with its item', () => {
    const before = { spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] } };
    const after = {
      spec: {
        ports: [
          { port: 80, protocol: 'TCP', targetPort: 9090 },
          { port: 443, protocol: 'TCP', targetPort: 8443 },
        ],
      },
    };
    const c = compare(before, after, schemaFor('Service'));
    expect(c.modified.paths()).toEqual([['f:spec', 'f:ports', PORT_80, 'f:targetPort']]);
    const port443 = ['f:spec', 'f:ports', 'k:{"port":443,"protocol":"TCP"}'];
    expect(c.added.has(port443)).toBe(true);
    expect(c.added.has([...port443, 'f:targetPort'])).toBe(true);
    expect(c.removed.isEmpty()).toBe(true);
  });

  it('marks a map that appears as a whole, and a removed label as removed', () => {
    const c = compare(
      { metadata: { labels: { a: '1' } } },
      { metadata: { annotations: { b: '2' } } },
      schemaFor('ConfigMap'),
    );
    expect(c.added.toFieldsV1()).toEqual({ 'f:metadata': { 'f:annotations': { '.': {}, 'f:b': {} } } });
    expect(c.removed.toFieldsV1()).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } });
  });
});

describe('merging an applied configuration', () => {
  it('merges Service ports by port and protocol, so TCP and UDP on one port stay apart', () => {
    const live = {
      spec: {
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    };
    const out = mergeConfiguration(
      live,
      { spec: { ports: [{ port: 53, targetPort: 5353 }] } },
      schemaFor('Service'),
    );
    expect(out.spec.ports).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 },
    ]);
  });

  it('replaces atomic values whole and removes fields set to null', () => {
    const live = { spec: { selector: { app: 'a', tier: 'x' }, type: 'NodePort' } };
    const out = mergeConfiguration(
      live,
      { spec: { selector: { app: 'b' }, type: null } },
      schemaFor('Service'),
    );
    expect(out.spec).toEqual({ selector: { app: 'b' } });
  });

  it('keeps live items in place and puts new ones after the item they follow in the configuration', () => {
    const live = { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } };
    const out = mergeConfiguration(
      live,
      { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'c' }, { name: 'b' }] } } } },
      schemaFor('Deployment'),
    );
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['a', 'c', 'b']);
  });
});
