import { describe, expect, it } from 'vitest';
import { unknownFields } from './strict-decode.ts';
import { service, setup } from './test-helpers.ts';

describe('strict decoding', () => {
  it('reports the curriculum’s nordPort typo with its full path, as a 400 before anything else', () => {
    const body = service('spring-service', {
      type: 'NodePort',
      ports: [{ port: 8080, targetPort: 8080, nordPort: 30000 }],
    });
    expect(unknownFields(body)).toEqual(['spec.ports[0].nordPort']);
    const error = setup().createError(body);
    expect(error.code).toBe(400);
    expect(error.message).toBe(
      'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].nordPort"',
    );
  });

  it('is case-sensitive and reports every unknown field in document order', () => {
    const body = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', app: 'x' },
      spec: { Type: 'NodePort', ports: [{ port: 80, nodeport: 30000, targetport: 80 }] },
    };
    expect(unknownFields(body)).toEqual([
      'metadata.app',
      'spec.Type',
      'spec.ports[0].nodeport',
      'spec.ports[0].targetport',
    ]);
  });

  it('lets free maps take any key and free-form fields take anything', () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'backend',
        labels: { 'Any Key': 'v' },
        annotations: { x: 'y' },
        managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} } }],
      },
      spec: {
        selector: { matchLabels: { app: 'backend' } },
        template: {
          metadata: { labels: { app: 'backend' } },
          spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1' } } }] },
        },
      },
    };
    expect(unknownFields(body)).toEqual([]);
  });

  it('catches the removed v1beta1 backend fields inside a v1 Ingress', () => {
    const body = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'app' },
      spec: {
        rules: [{ http: { paths: [{ path: '/*', backend: { serviceName: 'app', servicePort: 80 } }] } }],
      },
    };
    expect(unknownFields(body)).toEqual([
      'spec.rules[0].http.paths[0].backend.serviceName',
      'spec.rules[0].http.paths[0].backend.servicePort',
    ]);
  });

  it('accepts any spec for Traefik Middlewares but still checks the top level and metadata', () => {
    const body = {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: { name: 'strip', nam: 'x' },
      spec: { stripPrefix: { prefixes: ['/api'] } },
      extra: true,
    };
    expect(unknownFields(body)).toEqual(['metadata.nam', 'extra']);
  });

  it('checks RBAC kinds used by the Traefik manifests', () => {
    const body = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'traefik' },
      rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get'], verb: ['x'] }],
    };
    expect(unknownFields(body)).toEqual(['rules[0].verb']);
  });

  it('has nothing to say about kinds it has no schema for', () => {
    expect(unknownFields({ apiVersion: 'example.com/v1', kind: 'Widget', anything: 1 })).toEqual([]);
  });
});
