import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK, randomTestNetwork } from '../../core/network.ts';
import { parseIPv4 } from '../names.ts';
import { seeded, service, setup } from '../test-helpers.ts';
import type { ServiceAllocator } from './allocation.ts';

const allocatorOf = (registry: ReturnType<typeof setup>['registry']) =>
  (registry.strategyFor('', 'Service') as unknown as { allocator: ServiceAllocator }).allocator;

describe('ClusterIP allocation', () => {
  it('hands out distinct addresses from the upper band of the plan’s service CIDR', () => {
    const network = randomTestNetwork();
    const { create, registry } = setup({ network, random: seeded(7) });
    const ips = new Set<string>();
    for (let i = 0; i < 300; i++) ips.add(create(service(`s${i}`, { ports: [{ port: 80 }] })).spec.clusterIP);
    expect(ips.size).toBe(300);
    const dynamicBase = parseIPv4(allocatorOf(registry).ipAllocator.dynamicBase) ?? 0;
    const [base, bits] = network.serviceCIDR.split('/');
    const first = parseIPv4(base ?? '') ?? 0;
    const last = first + 2 ** (32 - Number(bits)) - 1;
    for (const ip of ips) {
      const value = parseIPv4(ip) ?? 0;
      expect(value).toBeGreaterThanOrEqual(dynamicBase);
      expect(value).toBeLessThan(last);
    }
  });

  it('keeps a requested address from the lower band and mirrors it into clusterIPs', () => {
    const { create } = setup();
    const svc = create(
      service('kube-dns', { clusterIP: '127.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
    );
    expect(svc.spec.clusterIPs).toEqual(['127.96.0.10']);
  });

  it('rejects a requested address outside the range, naming the range', () => {
    const { createError } = setup();
    expect(createError(service('web', { clusterIP: '1.1.1.1', ports: [{ port: 80 }] })).message).toBe(
      `Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is ${DEFAULT_NETWORK.serviceCIDR}`,
    );
  });

  it('rejects a requested address that another Service holds', () => {
    const { create, createError } = setup();
    create(service('kube-dns', { clusterIP: '127.96.0.10', ports: [{ port: 53 }] }));
    expect(createError(service('web', { clusterIP: '127.96.0.10', ports: [{ port: 80 }] })).message).toBe(
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.10"}: failed to allocate IP 127.96.0.10: provided IP is already allocated',
    );
  });

  it('refuses to change the clusterIP on update', () => {
    const { create, updateError } = setup();
    const svc = create(service('web', { ports: [{ port: 80 }] }));
    const changed = structuredClone(svc);
    changed.spec.clusterIP = '127.96.0.77';
    changed.spec.clusterIPs = ['127.96.0.77'];
    expect(updateError(changed).message).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"127.96.0.77"}: may not change once set',
    );
  });

  it('releases the address when the Service is deleted', () => {
    const { create, remove, registry } = setup();
    const svc = create(service('web', { clusterIP: '127.96.0.50', ports: [{ port: 80 }] }));
    remove(svc);
    expect(allocatorOf(registry).ipAllocator.isAllocated('127.96.0.50')).toBe(false);
    expect(create(service('again', { clusterIP: '127.96.0.50', ports: [{ port: 80 }] })).spec.clusterIP).toBe(
      '127.96.0.50',
    );
  });
});

describe('NodePort allocation', () => {
  it('assigns distinct ports from 30086-32767 when none is requested', () => {
    const { create } = setup({ random: seeded(11) });
    const ports = new Set<number>();
    for (let i = 0; i < 400; i++)
      ports.add(create(service(`s${i}`, { type: 'NodePort', ports: [{ port: 80 }] })).spec.ports[0].nodePort);
    expect(ports.size).toBe(400);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(30086);
      expect(port).toBeLessThanOrEqual(32767);
    }
  });

  it('honours a requested port in the static band', () => {
    expect(
      setup().create(
        service('spring-service', { type: 'NodePort', ports: [{ port: 8080, nodePort: 30000 }] }),
      ).spec.ports[0].nodePort,
    ).toBe(30000);
  });

  it('rejects a port outside the range before any other validation', () => {
    const { createError } = setup();
    expect(
      createError(service('web', { type: 'NodePort', ports: [{ name: 'Bad_Name', port: 80, nodePort: 80 }] }))
        .message,
    ).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('rejects a port another Service holds, and a second create of the same manifest the same way', () => {
    const { create, createError } = setup();
    const manifest = service('awx-demo-service', {
      type: 'NodePort',
      ports: [{ port: 80, nodePort: 30080 }],
    });
    create(manifest);
    expect(createError(manifest).message).toBe(
      'Service "awx-demo-service" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });

  it('rejects two different ports of one Service asking for the same nodePort at the second index', () => {
    const { createError } = setup();
    const spec = {
      type: 'NodePort',
      ports: [
        { name: 'a', port: 80, nodePort: 31700 },
        { name: 'b', port: 81, nodePort: 31700 },
      ],
    };
    expect(createError(service('web', spec)).message).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 31700: provided port is already allocated',
    );
  });

  it('shares one nodePort between entries with the same port number', () => {
    const svc = setup().create(
      service('dns', {
        type: 'NodePort',
        ports: [
          { name: 'tcp', port: 53, protocol: 'TCP' },
          { name: 'udp', port: 53, protocol: 'UDP', nodePort: 30053 },
        ],
      }),
    );
    expect(svc.spec.ports.map((p: { nodePort: number }) => p.nodePort)).toEqual([30053, 30053]);
  });

  it('answers 500 when the range is full', () => {
    const { registry, createError } = setup();
    const ports = allocatorOf(registry).portAllocator;
    for (let p = 30000; p <= 32767; p++) ports.allocate(p);
    const error = createError(service('web', { type: 'NodePort', ports: [{ port: 80 }] }));
    expect(error.code).toBe(500);
    expect(error.message).toBe('Internal error occurred: failed to allocate a nodePort: range is full');
    expect(error.toStatus().reason).toBe('InternalError');
  });

  it('gives requested and assigned ports back when validation rejects the Service', () => {
    const { registry, create, createError } = setup();
    const before = allocatorOf(registry).portAllocator.used;
    const ipsBefore = allocatorOf(registry).ipAllocator.used;
    createError(
      service('web', {
        type: 'NodePort',
        sessionAffinity: 'sticky',
        ports: [
          { name: 'a', port: 80, nodePort: 30007 },
          { name: 'b', port: 81 },
        ],
      }),
    );
    expect(allocatorOf(registry).portAllocator.used).toBe(before);
    expect(allocatorOf(registry).ipAllocator.used).toBe(ipsBefore);
    expect(
      create(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30007 }] })).spec.ports[0]
        .nodePort,
    ).toBe(30007);
  });

  it('gives LoadBalancer Services nodePorts unless allocateLoadBalancerNodePorts is false, which still honours requests', () => {
    const { create } = setup();
    expect(
      create(service('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] })).spec.ports[0].nodePort,
    ).toBeGreaterThanOrEqual(30086);
    const none = create(
      service('lb2', {
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 81, nodePort: 30009 },
        ],
      }),
    );
    expect(none.spec.ports.map((p: { nodePort?: number }) => p.nodePort)).toEqual([undefined, 30009]);
  });

  it('allocates a healthCheckNodePort for a LoadBalancer with externalTrafficPolicy Local', () => {
    const svc = setup().create(
      service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }),
    );
    expect(svc.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.healthCheckNodePort).not.toBe(svc.spec.ports[0].nodePort);
  });

  it('keeps the allocated nodePort when a manifest without nodePort is applied again', () => {
    const { create, update } = setup();
    const first = create(service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }] }));
    const reapplied = update(service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80 }] }));
    expect(reapplied.spec.ports[0].nodePort).toBe(first.spec.ports[0].nodePort);
    expect(reapplied.spec.clusterIP).toBe(first.spec.clusterIP);
  });

  it('releases nodePorts when the type changes to ClusterIP and allocates them when it changes back', () => {
    const { create, update, registry } = setup();
    const svc = create(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30005 }] }));
    const toClusterIP = structuredClone(svc);
    toClusterIP.spec.type = 'ClusterIP';
    const downgraded = update(toClusterIP);
    expect(downgraded.spec.ports[0].nodePort).toBeUndefined();
    expect(downgraded.spec.externalTrafficPolicy).toBeUndefined();
    expect(allocatorOf(registry).portAllocator.isAllocated(30005)).toBe(false);
    const back = structuredClone(downgraded);
    back.spec.type = 'NodePort';
    expect(update(back).spec.ports[0].nodePort).toBeGreaterThanOrEqual(30086);
  });

  it('rebuilds its pools from the stored Services when created over an existing store', () => {
    const first = setup();
    first.create(
      service('held', { type: 'NodePort', clusterIP: '127.96.0.20', ports: [{ port: 80, nodePort: 30080 }] }),
    );
    const second = setup({ objects: first.ctx.objects });
    expect(
      second.createError(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))
        .message,
    ).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(
      second.createError(service('web', { clusterIP: '127.96.0.20', ports: [{ port: 80 }] })).message,
    ).toContain('provided IP is already allocated');
  });
});
