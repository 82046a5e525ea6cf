import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { backendsFor } from './backends.ts';

function slice(endpoints: unknown[], ports: unknown[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 's', namespace: 'd', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

describe('backendsFor', () => {
  const slices = [
    slice(
      [
        {
          addresses: ['127.244.0.2'],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: 'n1',
        },
        {
          addresses: ['127.244.0.3'],
          conditions: { ready: false, serving: false, terminating: false },
          nodeName: 'n1',
        },
        {
          addresses: ['127.244.0.4'],
          conditions: { ready: false, serving: true, terminating: true },
          nodeName: 'n1',
        },
        { addresses: ['127.244.0.5'], nodeName: 'n1' },
      ],
      [{ name: 'http', port: 8080, protocol: 'TCP' }],
    ),
  ];

  it('keeps ready endpoints (a missing condition means ready) with the slice port of the same name', () => {
    expect(backendsFor(slices, 'http')).toEqual([
      { ip: '127.244.0.2', port: 8080 },
      { ip: '127.244.0.5', port: 8080 },
    ]);
  });

  it('has no backend for a port name the slices do not carry', () => {
    expect(backendsFor(slices, 'metrics')).toEqual([]);
  });

  it('falls back to serving terminating endpoints for Local traffic policy when none is ready', () => {
    const terminating = [
      slice(
        [{ addresses: ['127.244.0.4'], conditions: { ready: false, serving: true, terminating: true } }],
        [{ name: '', port: 80 }],
      ),
    ];
    expect(backendsFor(terminating, '')).toEqual([]);
    expect(backendsFor(terminating, '', { local: true, nodeName: 'n1' })).toEqual([
      { ip: '127.244.0.4', port: 80 },
    ]);
  });

  it('keeps only endpoints on this node for Local traffic policy', () => {
    const remote = [slice([{ addresses: ['127.244.0.9'], nodeName: 'other' }], [{ name: '', port: 80 }])];
    expect(backendsFor(remote, '', { local: true, nodeName: 'n1' })).toEqual([]);
    expect(backendsFor(remote, '')).toHaveLength(1);
  });
});
