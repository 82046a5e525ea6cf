import { describe, expect, it } from 'vitest';
import { service, setup } from '../test-helpers.ts';

describe('Service defaulting', () => {
  it('fills type, sessionAffinity, protocol, targetPort and internalTrafficPolicy for a bare ClusterIP Service', () => {
    const { create } = setup();
    const svc = create(service('api-service', { selector: { app: 'backend' }, ports: [{ port: 80 }] }));
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.sessionAffinity).toBe('None');
    expect(svc.spec.ports[0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(svc.spec.internalTrafficPolicy).toBe('Cluster');
    expect(svc.spec.externalTrafficPolicy).toBeUndefined();
    expect(svc.spec.ipFamilyPolicy).toBe('SingleStack');
    expect(svc.spec.ipFamilies).toEqual(['IPv4']);
    expect(svc.status).toEqual({ loadBalancer: {} });
  });

  it('keeps a numeric targetPort that no container listens on (targetPort 808 is accepted)', () => {
    const { create } = setup();
    const svc = create(
      service('api-service', { selector: { app: 'backend' }, ports: [{ port: 80, targetPort: 808 }] }),
    );
    expect(svc.spec.ports[0].targetPort).toBe(808);
  });

  it('treats targetPort 0 and "" as absent and copies port', () => {
    const { create } = setup();
    const svc = create(
      service('two', {
        ports: [
          { name: 'a', port: 81, targetPort: 0 },
          { name: 'b', port: 82, targetPort: '' },
        ],
      }),
    );
    expect(svc.spec.ports.map((p: { targetPort: unknown }) => p.targetPort)).toEqual([81, 82]);
  });

  it('defaults externalTrafficPolicy to Cluster only for externally accessible Services', () => {
    const { create } = setup();
    expect(
      create(service('np', { type: 'NodePort', ports: [{ port: 80 }] })).spec.externalTrafficPolicy,
    ).toBe('Cluster');
    expect(
      create(service('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] })).spec.externalTrafficPolicy,
    ).toBe('Cluster');
  });

  it('does not default externalTrafficPolicy for a mistyped type, which then fails on the type', () => {
    const { createError } = setup();
    expect(createError(service('np', { type: 'Nodeport', ports: [{ port: 80 }] })).message).toBe(
      'Service "np" is invalid: spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('defaults allocateLoadBalancerNodePorts to true for LoadBalancer Services', () => {
    const { create } = setup();
    expect(
      create(service('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] })).spec
        .allocateLoadBalancerNodePorts,
    ).toBe(true);
  });

  it('defaults the ClientIP affinity timeout to 10800 seconds and clears the config for None', () => {
    const { create } = setup();
    const sticky = create(service('sticky', { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }));
    expect(sticky.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    const plain = create(
      service('plain', { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80 }] }),
    );
    expect(plain.spec.sessionAffinityConfig).toBeUndefined();
  });

  it('gives a headless Service without a selector RequireDualStack and both families', () => {
    const { create } = setup();
    const svc = create(service('manual', { clusterIP: 'None', ports: [{ port: 80 }] }));
    expect(svc.spec.clusterIPs).toEqual(['None']);
    expect(svc.spec.ipFamilyPolicy).toBe('RequireDualStack');
    expect(svc.spec.ipFamilies).toEqual(['IPv4', 'IPv6']);
  });

  it('gives a headless Service with a selector SingleStack and no virtual IP', () => {
    const { create } = setup();
    const svc = create(service('db', { clusterIP: 'None', selector: { app: 'db' } }));
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ipFamilyPolicy).toBe('SingleStack');
  });
});
