import { describe, expect, it } from 'vitest';
import { sortForApply } from './apply-order.ts';

describe('sortForApply', () => {
  it('puts namespaces and RBAC before workloads and routing, keeping input order within a kind', () => {
    const kinds = ['Ingress', 'Deployment', 'Service', 'Widget', 'Namespace', 'ClusterRole', 'Service'].map(
      (kind, i) => ({ kind, i }),
    );
    expect(sortForApply(kinds).map((o) => `${o.kind}${o.i}`)).toEqual([
      'Namespace4',
      'ClusterRole5',
      'Service2',
      'Service6',
      'Deployment1',
      'Ingress0',
      'Widget3',
    ]);
  });
});
