import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './merge-patch.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { a: '1', b: '2' } },
  spec: {
    ports: [
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9000, targetPort: 9000, protocol: 'TCP' },
    ],
    selector: { app: 'web' },
  },
};

describe('strategic merge patch', () => {
  it('merges maps and deletes keys set to null', () => {
    const out = applyStrategicMergePatch(service, {
      metadata: { labels: { a: null, c: '3' } },
    }) as typeof service;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
  });

  it('merges Service ports by port, keeping the ports the patch does not name', () => {
    const out = applyStrategicMergePatch(service, {
      spec: { ports: [{ port: 80, targetPort: 9090 }] },
    }) as typeof service;
    expect(out.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' },
      { name: 'metrics', port: 9000, targetPort: 9000, protocol: 'TCP' },
    ]);
  });

  it('deletes a list element with $patch: delete and orders by $setElementOrder', () => {
    const out = applyStrategicMergePatch(service, {
      spec: {
        $setElementOrder: undefined,
        '$setElementOrder/ports': [{ port: 443 }, { port: 80 }],
        ports: [
          { port: 9000, $patch: 'delete' },
          { port: 443, name: 'https' },
        ],
      },
    }) as typeof service;
    expect(out.spec.ports.map((p) => p.port)).toEqual([443, 80]);
  });

  it('merges containers by name and env by name inside a Deployment template', () => {
    const deployment = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'a',
                image: 'x:1',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
              },
            ],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '3' }] }] } } },
    }) as typeof deployment;
    expect(out.spec.template.spec.containers[0]).toEqual({
      name: 'a',
      image: 'x:1',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '3' },
      ],
    });
  });

  it('replaces lists without a merge key, and honours $patch: replace and $retainKeys', () => {
    const out = applyStrategicMergePatch(
      {
        spec: { rules: [{ host: 'a' }], strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
      },
      { spec: { rules: [{ host: 'b' }], strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    );
    expect(out).toEqual({ spec: { rules: [{ host: 'b' }], strategy: { type: 'Recreate' } } });
    const replaced = applyStrategicMergePatch(service, {
      spec: { $patch: 'replace', ports: [{ port: 1 }] },
    }) as typeof service;
    expect(replaced.spec).toEqual({ ports: [{ port: 1 }] });
  });

  it('merges finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch(
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
    );
    expect(out).toEqual({ metadata: { finalizers: ['a', 'c'] } });
  });
});

describe('JSON merge patch', () => {
  it('merges maps, deletes nulls and replaces lists', () => {
    const out = applyMergePatch(service, {
      metadata: { labels: { a: null } },
      spec: { ports: [{ port: 1 }] },
    }) as typeof service;
    expect(out.metadata.labels).toEqual({ b: '2' });
    expect(out.spec.ports).toEqual([{ port: 1 }]);
  });
});

describe('JSON patch', () => {
  it('adds, replaces, removes, moves, copies and tests', () => {
    const out = applyJsonPatch({ a: [1, 2], b: { c: 1 } }, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'replace', path: '/b/c', value: 2 },
      { op: 'copy', from: '/b', path: '/d' },
      { op: 'move', from: '/d/c', path: '/e' },
      { op: 'remove', path: '/a/0' },
      { op: 'test', path: '/e', value: 2 },
    ]);
    expect(out).toEqual({ a: [2, 3], b: { c: 2 }, d: {}, e: 2 });
  });

  it('fails a test operation or a missing path with a message', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(
      'testing value /a failed',
    );
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/x/y' }])).toThrow(/missing/);
  });
});
