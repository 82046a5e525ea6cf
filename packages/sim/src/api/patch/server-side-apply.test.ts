import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { FieldSet } from './fields/field-set.ts';
import { recordManagedFields } from './record.ts';
import { applyConfiguration } from './server-side-apply.ts';
import { createdByApply, entry, PORT_80, service } from './test-fixtures.ts';

describe('server-side apply by one manager', () => {
  const first = service([{ port: 80, targetPort: 8080 }]);
  const live = createdByApply(first, 'lab', service([{ port: 80, protocol: 'TCP', targetPort: 8080 }]));

  it('records the Apply entry in the real FieldsV1 shape', () => {
    expect(live.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'lab',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:ports': { [PORT_80]: { '.': {}, 'f:port': {}, 'f:targetPort': {} } },
            'f:selector': {},
          },
        },
      }),
    ]);
  });

  it('removes targetPort when the same manager applies the port without it', () => {
    const out = applyConfiguration(live, service([{ port: 80 }]), { manager: 'lab', force: true });
    expect(out.spec.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    expect(entry(out, 'lab')?.fieldsV1).toEqual({
      'f:spec': { 'f:ports': { [PORT_80]: { '.': {}, 'f:port': {} } }, 'f:selector': {} },
    });
  });

  it('removes a port item it no longer applies and keeps the ones it does', () => {
    const two = service([
      { port: 80, targetPort: 8080 },
      { port: 443, targetPort: 8443 },
    ]);
    const start = createdByApply(two, 'lab');
    const out = applyConfiguration(start, service([{ port: 443, targetPort: 8443 }]), { manager: 'lab' });
    expect(out.spec.ports).toEqual([{ port: 443, targetPort: 8443 }]);
  });

  it('keeps a field it stops applying when another manager owns it too', () => {
    const shared = structuredClone(live);
    const theirs = FieldSet.fromPaths([['f:spec', 'f:ports', PORT_80, 'f:targetPort']]);
    shared.metadata.managedFields = [
      ...(shared.metadata.managedFields ?? []),
      {
        manager: 'other',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: theirs.toFieldsV1(),
      },
    ];
    const out = applyConfiguration(shared, service([{ port: 80 }]), { manager: 'lab' });
    expect(out.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });

  it('removes labels and annotations it stopped applying, not the ones others set', () => {
    const config: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { mine: 'x' }, annotations: { note: 'n' } },
      data: { a: '1', b: '2' },
    };
    const created = createdByApply(config, 'me');
    const stored = structuredClone(created);
    stored.metadata.labels = { mine: 'x', theirs: 'y' };
    stored.data = { a: '1', b: '2', other: '3' };
    recordManagedFields(stored, { old: created, manager: 'someone', operation: 'Update', hasStatus: false });
    const out = applyConfiguration(
      stored,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '9' } },
      { manager: 'me' },
    );
    expect(out.data).toEqual({ a: '9', other: '3' });
    expect(out.metadata.labels).toEqual({ theirs: 'y' });
    expect(out.metadata.annotations).toBeUndefined();
  });

  it('removes an env var and a container from a Deployment template when no longer applied', () => {
    const deployment = (containers: unknown[]): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: { selector: { matchLabels: { app: 'api' } }, template: { spec: { containers } } },
    });
    const start = createdByApply(
      deployment([
        {
          name: 'api',
          image: 'a:1',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
        { name: 'sidecar', image: 's:1' },
      ]),
      'lab',
    );
    const out = applyConfiguration(
      start,
      deployment([{ name: 'api', image: 'a:2', env: [{ name: 'B', value: '2' }] }]),
      { manager: 'lab' },
    );
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'api', image: 'a:2', env: [{ name: 'B', value: '2' }] },
    ]);
    expect(out.spec.selector).toEqual({ matchLabels: { app: 'api' } });
  });
});
