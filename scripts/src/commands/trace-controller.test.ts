import type { KubeObject } from '@workshop/kube';
import { describe, expect, it } from 'vitest';
import { describeClasses, pickControllerService, servedClasses, serves } from './trace-controller.ts';

const service = (namespace: string, nodePorts: number[]) =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'traefik', namespace },
    spec: {
      selector: { 'app.kubernetes.io/name': 'traefik' },
      ports: nodePorts.map((nodePort) => ({ nodePort })),
    },
  }) as KubeObject;
const cls = (name: string, controller = 'traefik.io/ingress-controller') =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name },
    spec: { controller },
  }) as KubeObject;
const pod = (args: string[]) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [{ args }] } }) as KubeObject;
const ingress = (ingressClassName?: string, annotation?: string) =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'x',
      annotations: annotation ? { 'kubernetes.io/ingress.class': annotation } : undefined,
    },
    spec: { ingressClassName },
  }) as KubeObject;

describe('the controller a traced request meets', () => {
  const services = [service('lab-12-gateway', [30002, 30003]), service('traefik', [30080, 30443])];

  it("picks the Service whose nodePort the request's port is", () => {
    expect(pickControllerService(services, 30003)?.metadata.namespace).toBe('lab-12-gateway');
  });

  it("falls back to the workshop's controller in namespace traefik for the cluster entry point", () => {
    expect(pickControllerService(services, 18100)?.metadata.namespace).toBe('traefik');
    expect(pickControllerService(services)?.metadata.namespace).toBe('traefik');
  });
});

describe('the Ingresses a controller serves', () => {
  const classes = [cls('traefik'), cls('lab-12'), cls('nginx', 'k8s.io/ingress-nginx')];

  it('takes every Traefik class and class-less Ingresses when started without an ingressClass flag', () => {
    const served = servedClasses([pod(['--providers.kubernetesingress=true'])], classes);
    expect(served.names).toEqual(['traefik', 'lab-12']);
    expect(serves(ingress('lab-12'), served)).toBe(true);
    expect(serves(ingress('nginx'), served)).toBe(false);
    expect(serves(ingress(), served)).toBe(true);
    expect(serves(ingress(undefined, 'nginx'), served)).toBe(false);
  });

  it('takes only its own class with --providers.kubernetesingress.ingressClass (any case)', () => {
    const served = servedClasses([pod(['--providers.kubernetesIngress.ingressclass=lab-12'])], classes);
    expect(describeClasses(served)).toBe('class lab-12');
    expect(serves(ingress('traefik'), served)).toBe(false);
    expect(serves(ingress(), served)).toBe(false);
    expect(serves(ingress(undefined, 'lab-12'), served)).toBe(true);
  });
});
