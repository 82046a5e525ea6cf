import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { ClusterZone } from './records.ts';

function service(ns: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec };
}

function slice(
  ns: string,
  svc: string,
  endpoints: Array<Record<string, unknown>>,
  ports: unknown[] = [],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: `${svc}-abcde`, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

const zone = new ClusterZone(
  [
    service('default', 'api-service', {
      type: 'ClusterIP',
      clusterIP: '127.96.0.20',
      clusterIPs: ['127.96.0.20'],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }),
    service('default', 'db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }),
    service('default', 'empty', { clusterIP: 'None' }),
    service('default', 'ext', { type: 'ExternalName', externalName: 'example.com.' }),
    service('default', 'alias', {
      type: 'ExternalName',
      externalName: 'api-service.default.svc.cluster.local',
    }),
  ],
  [
    slice(
      'default',
      'db',
      [
        { addresses: ['127.244.0.5'], conditions: { ready: true }, hostname: 'db-0' },
        { addresses: ['127.244.0.6'], conditions: { ready: true } },
        { addresses: ['127.244.0.7'], conditions: { ready: false } },
      ],
      [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    ),
    slice('default', 'empty', [{ addresses: ['127.244.0.9'], conditions: { ready: false } }]),
  ],
);

describe('ClusterZone', () => {
  it('answers a ClusterIP Service with its clusterIP', () => {
    expect(zone.answer('api-service.default.svc.cluster.local.', 'A')).toEqual({
      rcode: 'NOERROR',
      answers: [{ name: 'api-service.default.svc.cluster.local', type: 'A', ttl: 5, data: '127.96.0.20' }],
    });
  });

  it('answers NXDOMAIN for a Service that does not exist in that namespace', () => {
    expect(zone.answer('api-service.prod.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(zone.answer('api-service.default.svc.cluster.local.default.svc.cluster.local', 'A').rcode).toBe(
      'NXDOMAIN',
    );
  });

  it('answers a headless Service with the ready endpoint IPs only', () => {
    const result = zone.answer('db.default.svc.cluster.local', 'A');
    expect(result.answers.map((a) => a.data)).toEqual(['127.244.0.5', '127.244.0.6']);
  });

  it('answers NXDOMAIN for a headless Service without ready endpoints', () => {
    expect(zone.answer('empty.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('answers per-endpoint names from the hostname or the dashed IP', () => {
    expect(zone.answer('db-0.db.default.svc.cluster.local', 'A').answers[0]?.data).toBe('127.244.0.5');
    expect(zone.answer('127-244-0-6.db.default.svc.cluster.local', 'A').answers[0]?.data).toBe('127.244.0.6');
  });

  it('answers an ExternalName Service with a CNAME to its target', () => {
    const result = zone.answer('ext.default.svc.cluster.local', 'A');
    expect(result.answers).toEqual([
      { name: 'ext.default.svc.cluster.local', type: 'CNAME', ttl: 5, data: 'example.com' },
    ]);
  });

  it('follows a CNAME that points back into the cluster', () => {
    const result = zone.answer('alias.default.svc.cluster.local', 'A');
    expect(result.answers.map((a) => a.type)).toEqual(['CNAME', 'A']);
    expect(result.answers[1]?.data).toBe('127.96.0.20');
  });

  it('answers SRV only for named ports', () => {
    const srv = zone.answer('_http._tcp.api-service.default.svc.cluster.local', 'SRV');
    expect(srv.answers[0]?.data).toEqual({
      priority: 0,
      weight: 100,
      port: 80,
      target: 'api-service.default.svc.cluster.local',
    });
    expect(zone.answer('_pg._tcp.db.default.svc.cluster.local', 'SRV').answers).toHaveLength(2);
    expect(zone.answer('_nope._tcp.api-service.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
  });

  it('answers Pod A records from the dashed address', () => {
    expect(zone.answer('127-244-0-5.default.pod.cluster.local', 'A').answers[0]?.data).toBe('127.244.0.5');
  });

  it('answers PTR for a clusterIP', () => {
    expect(zone.answer('20.0.96.127.in-addr.arpa', 'PTR').answers[0]?.data).toBe(
      'api-service.default.svc.cluster.local',
    );
  });

  it('answers NOERROR without records for a type the name does not have', () => {
    expect(zone.answer('api-service.default.svc.cluster.local', 'AAAA')).toEqual({
      rcode: 'NOERROR',
      answers: [],
    });
  });

  it('serves the schema version', () => {
    expect(zone.answer('dns-version.cluster.local', 'TXT').answers[0]?.data).toBe('1.0.1');
  });
});
