import { describe, expect, it } from 'vitest';
import type { KubeObject, StatusError } from '../../core/types.ts';
import { FieldSet } from './fields/field-set.ts';
import { recordManagedFields } from './record.ts';
import { applyConfiguration } from './server-side-apply.ts';

const PORT_80 = 'k:{"port":80,"protocol":"TCP"}';

function service(ports: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api-service', namespace: 'lab-01', ...extra },
    spec: { selector: { app: 'api' }, ports },
  };
}

/** What the API server stores when `manager` creates `config` with server-side apply. */
function createdByApply(config: KubeObject, manager: string, stored: KubeObject = config): KubeObject {
  const object = structuredClone(stored);
  recordManagedFields(object, { manager, operation: 'Apply', hasStatus: true, requested: config });
  return object;
}

function entry(object: KubeObject, manager: string): { fieldsV1: unknown; operation: string } | undefined {
  return (
    object.metadata.managedFields as Array<{ manager: string; fieldsV1: unknown; operation: string }>
  ).find((e) => e.manager === manager);
}

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (error) {
    return error as StatusError;
  }
  throw new Error('expected a StatusError, nothing was thrown');
}

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

describe('ownership between managers', () => {
  /** A Service another client created with a client-side apply (an Update manager). */
  function clientSideApplied(): KubeObject {
    const object = service([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
    recordManagedFields(object, {
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      hasStatus: true,
    });
    return object;
  }

  it("records an Update manager on create with the server's markers for new maps and items", () => {
    const object = clientSideApplied();
    expect(entry(object, 'kubectl-client-side-apply')?.fieldsV1).toEqual({
      'f:spec': {
        'f:ports': { '.': {}, [PORT_80]: { '.': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} } },
        'f:selector': {},
      },
    });
  });

  it('answers 409 with the real message when an apply changes a field another manager owns', () => {
    const error = thrown(() =>
      applyConfiguration(clientSideApplied(), service([{ port: 80, targetPort: 9090 }]), { manager: 'lab' }),
    );
    expect(error.code).toBe(409);
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].targetPort',
    );
    expect(error.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using v1',
        field: '.spec.ports[port=80,protocol="TCP"].targetPort',
      },
    ]);
  });

  it('lists several conflicts per manager', () => {
    const live = clientSideApplied();
    const error = thrown(() =>
      applyConfiguration(
        live,
        {
          ...service([{ port: 80, targetPort: 9090 }]),
          spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 1 }] },
        },
        {
          manager: 'lab',
        },
      ),
    );
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using v1:\n- .spec.ports[port=80,protocol="TCP"].targetPort\n- .spec.selector',
    );
  });

  it('shares a field applied with the same value, and takes it over with force', () => {
    const live = clientSideApplied();
    const same = applyConfiguration(live, service([{ port: 80, targetPort: 8080 }]), { manager: 'lab' });
    expect(
      FieldSet.fromFieldsV1(entry(same, 'kubectl-client-side-apply')?.fieldsV1).has([
        'f:spec',
        'f:ports',
        PORT_80,
        'f:targetPort',
      ]),
    ).toBe(true);

    const forced = applyConfiguration(live, service([{ port: 80, targetPort: 9090 }]), {
      manager: 'lab',
      force: true,
    });
    expect(forced.spec.ports[0].targetPort).toBe(9090);
    const theirs = FieldSet.fromFieldsV1(entry(forced, 'kubectl-client-side-apply')?.fieldsV1);
    expect(theirs.has(['f:spec', 'f:ports', PORT_80, 'f:targetPort'])).toBe(false);
    expect(theirs.has(['f:spec', 'f:ports', PORT_80, 'f:port'])).toBe(true);
  });

  it('moves a field to an Update manager that changes it, so the applier no longer prunes it', () => {
    const applied = createdByApply(
      service([{ port: 80, targetPort: 8080 }]),
      'lab',
      service([{ port: 80, protocol: 'TCP', targetPort: 8080 }]),
    );
    const edited = structuredClone(applied);
    edited.spec.ports[0].targetPort = 9090;
    recordManagedFields(edited, {
      old: applied,
      manager: 'kubectl-edit',
      operation: 'Update',
      hasStatus: true,
    });
    expect(entry(edited, 'kubectl-edit')?.fieldsV1).toEqual({
      'f:spec': { 'f:ports': { [PORT_80]: { 'f:targetPort': {} } } },
    });
    expect(
      FieldSet.fromFieldsV1(entry(edited, 'lab')?.fieldsV1).has([
        'f:spec',
        'f:ports',
        PORT_80,
        'f:targetPort',
      ]),
    ).toBe(false);
  });

  it('lets kubectl take over fields its last client-side apply set, as the upgrade to server-side apply does', () => {
    const live = clientSideApplied();
    live.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(
        service([{ port: 80, targetPort: 8080 }]),
      ),
    };
    const out = applyConfiguration(live, service([{ port: 80, targetPort: 9090 }]), { manager: 'kubectl' });
    expect(out.spec.ports[0].targetPort).toBe(9090);
    expect(
      JSON.parse(out.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '').spec
        .ports,
    ).toEqual([{ port: 80, targetPort: 9090 }]);
    expect(() =>
      applyConfiguration(live, service([{ port: 80, targetPort: 9090 }]), { manager: 'other' }),
    ).toThrow(/1 conflict/);
  });

  it('keeps status out of a main-resource apply and applies only status through /status', () => {
    const live = createdByApply(service([{ port: 80, targetPort: 8080 }]), 'lab');
    const withStatus = {
      ...service([{ port: 80, targetPort: 8080 }]),
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    };
    const main = applyConfiguration(live, withStatus, { manager: 'lab', hasStatus: true });
    expect(main.status).toBeUndefined();
    expect(JSON.stringify(entry(main, 'lab')?.fieldsV1)).not.toContain('f:status');

    const viaStatus = applyConfiguration(live, withStatus, {
      manager: 'lb',
      hasStatus: true,
      subresource: 'status',
    });
    expect(viaStatus.status).toEqual({ loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } });
    expect(viaStatus.spec).toEqual(live.spec);
    expect(viaStatus.metadata.managedFields).toContainEqual(
      expect.objectContaining({
        manager: 'lb',
        subresource: 'status',
        fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } },
      }),
    );
  });

  it('drops from an Update manager what its own later update removed', () => {
    const created: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { a: '1', b: '2' } },
    };
    recordManagedFields(created, { manager: 'editor', operation: 'Update', hasStatus: false });
    const edited = structuredClone(created);
    edited.metadata.labels = { a: '1' };
    recordManagedFields(edited, { old: created, manager: 'editor', operation: 'Update', hasStatus: false });
    expect(entry(edited, 'editor')?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
    });
  });
});
