import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { FieldSet } from './fields/field-set.ts';
import { recordManagedFields } from './record.ts';
import { applyConfiguration } from './server-side-apply.ts';
import { createdByApply, entry, PORT_80, service, thrown } from './test-fixtures.ts';

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
