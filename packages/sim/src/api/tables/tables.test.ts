import { describe, expect, it } from 'vitest';
import { humanDuration } from './format.ts';
import { toTable } from './index.ts';

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

describe('Tables', () => {
  it('formats ages like kubectl', () => {
    expect(humanDuration(59_000)).toBe('59s');
    expect(humanDuration(119_000)).toBe('119s');
    expect(humanDuration(150_000)).toBe('2m30s');
    expect(humanDuration(3 * 3600_000 + 5 * 60_000)).toBe('3h5m');
    expect(humanDuration(50 * 3600_000)).toBe('2d2h');
  });

  it('prints Services with NodePorts, pending LoadBalancer IPs and selectors', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', creationTimestamp: ago(5) },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.5',
        ports: [{ port: 80, nodePort: 30000, protocol: 'TCP' }],
        selector: { b: '2', a: '1' },
      },
    };
    const table = toTable('Service', [svc]);
    expect(table.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector',
    ]);
    expect(table.rows[0].cells).toEqual([
      'lb',
      'LoadBalancer',
      '10.96.0.5',
      '<pending>',
      '80:30000/TCP',
      '5s',
      'a=1,b=2',
    ]);
    expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'lb' } });
  });

  it('prints Pod readiness, status reasons and restarts', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: ago(1) },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 2, state: { waiting: { reason: 'ImagePullBackOff' } } },
        ],
      },
    };
    expect(toTable('Pod', [pod]).rows[0].cells.slice(0, 4)).toEqual(['p', '1/2', 'ImagePullBackOff', '2']);
    const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: ago(0) } };
    expect(toTable('Pod', [terminating]).rows[0].cells[2]).toBe('Terminating');
  });

  it('prints Endpoints as ip:port, at most three then a count', () => {
    const ep = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'e', creationTimestamp: ago(1) },
      subsets: [
        { addresses: ['1', '2', '3', '4'].map((n) => ({ ip: `10.0.0.${n}` })), ports: [{ port: 8080 }] },
      ],
    };
    expect(toTable('Endpoints', [ep]).rows[0].cells[1]).toBe(
      '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...',
    );
    expect(toTable('Endpoints', [{ ...ep, subsets: undefined }]).rows[0].cells[1]).toBe('<none>');
  });

  it('prints Ingresses with class, hosts, address and ports', () => {
    const ing = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', creationTimestamp: ago(1) },
      spec: { ingressClassName: 'traefik', rules: [{ host: 'a.test' }, {}], tls: [{ hosts: ['a.test'] }] },
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
    };
    expect(toTable('Ingress', [ing]).rows[0].cells.slice(0, 5)).toEqual([
      'i',
      'traefik',
      'a.test,*',
      '127.0.0.1',
      '80, 443',
    ]);
  });

  it('prints EndpointSlices like kubectl, with <unset> for an empty slice', () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'api-x1', creationTimestamp: ago(5) },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: ['127.244.0.3', '127.244.0.4', '127.244.0.5', '127.244.0.6'].map((ip) => ({
        addresses: [ip],
      })),
    };
    expect(toTable('EndpointSlice', [slice]).rows[0].cells.slice(0, 4)).toEqual([
      'api-x1',
      'IPv4',
      '8080',
      '127.244.0.3,127.244.0.4,127.244.0.5 + 1 more...',
    ]);
    const empty = { ...slice, ports: [], endpoints: [] };
    expect(toTable('EndpointSlice', [empty]).rows[0].cells.slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});
