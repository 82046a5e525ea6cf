// Builders for the API objects the ingress tests need (Services, EndpointSlices, Ingresses, ...),
// shaped exactly as the API server stores them so tests exercise the same code paths as the cluster.
import type { KubeObject } from '../core/types.ts';
import type { ClusterState, IngressSpec } from './objects.ts';
import { emptyClusterState } from './objects.ts';

let clock = 0;
/** Strictly increasing creation timestamps, so "older Ingress wins" is deterministic. */
function nextTimestamp(): string {
  clock += 1;
  return new Date(Date.UTC(2025, 0, 1, 0, 0, clock)).toISOString().replace('.000Z', 'Z');
}

export function service(
  namespace: string,
  name: string,
  ports: Array<{ name?: string; port: number; targetPort?: number | string }> = [{ port: 80 }],
  type = 'ClusterIP',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace, name, creationTimestamp: nextTimestamp() },
    spec: { type, ports: ports.map((p) => ({ protocol: 'TCP', ...p })), selector: { app: name } },
    status: { loadBalancer: {} },
  };
}

export function endpointSlice(
  namespace: string,
  serviceName: string,
  addresses: Array<{ ip: string; ready?: boolean }>,
  ports: Array<{ name?: string; port: number }> = [{ name: '', port: 8080 }],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      namespace,
      name: `${serviceName}-${Math.random().toString(36).slice(2, 7)}`,
      labels: { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    endpoints: addresses.map((a) => ({
      addresses: [a.ip],
      conditions: { ready: a.ready ?? true, serving: a.ready ?? true, terminating: false },
    })),
    ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
  };
}

export function ingress(
  namespace: string,
  name: string,
  spec: IngressSpec,
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      namespace,
      name,
      creationTimestamp: nextTimestamp(),
      ...(annotations ? { annotations } : {}),
    },
    spec,
    status: { loadBalancer: {} },
  };
}

export function ingressClass(name: string, controller: string, isDefault = false): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name,
      creationTimestamp: nextTimestamp(),
      ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    spec: { controller },
  };
}

export function middleware(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'Middleware',
    metadata: { namespace, name, creationTimestamp: nextTimestamp() },
    spec,
  };
}

export function tlsSecret(namespace: string, name: string, certPem: string, keyPem: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { namespace, name, creationTimestamp: nextTimestamp() },
    data: {
      'tls.crt': Buffer.from(certPem).toString('base64'),
      'tls.key': Buffer.from(keyPem).toString('base64'),
    },
  };
}

/** A backend entry for an Ingress path. */
export function backend(name: string, port: number | string = 80) {
  return { service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } };
}

export function state(objects: KubeObject[]): ClusterState {
  const s = emptyClusterState();
  for (const o of objects) {
    switch (o.kind) {
      case 'Ingress':
        s.ingresses.push(o);
        break;
      case 'IngressClass':
        s.ingressClasses.push(o);
        break;
      case 'Service':
        s.services.push(o);
        break;
      case 'EndpointSlice':
        s.endpointSlices.push(o);
        break;
      case 'Secret':
        s.secrets.push(o);
        break;
      case 'Middleware':
        s.middlewares.push(o);
        break;
      default:
        throw new Error(`test fixtures: expected a kind the ingress controller watches, found ${o.kind}`);
    }
  }
  return s;
}

/** A Service plus a ready EndpointSlice with one endpoint, the usual test backend. */
export function backendService(namespace: string, name: string, ip: string, targetPort = 8080): KubeObject[] {
  return [
    service(namespace, name),
    endpointSlice(namespace, name, [{ ip }], [{ name: '', port: targetPort }]),
  ];
}
