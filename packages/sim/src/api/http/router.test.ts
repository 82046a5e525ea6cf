import { describe, expect, it } from 'vitest';
import { routeResource } from './router.ts';

describe('routeResource', () => {
  it('routes namespaced collections and items', () => {
    expect(routeResource('/api/v1/namespaces/default/services')).toMatchObject({
      type: { kind: 'Service' },
      namespace: 'default',
    });
    expect(routeResource('/apis/apps/v1/namespaces/a/deployments/web/scale')).toMatchObject({
      type: { kind: 'Deployment' },
      namespace: 'a',
      name: 'web',
      subresource: 'scale',
    });
  });

  it('tells a Namespace object apart from a collection inside it', () => {
    expect(routeResource('/api/v1/namespaces/lab')).toMatchObject({
      type: { kind: 'Namespace' },
      name: 'lab',
    });
    expect(routeResource('/api/v1/namespaces/lab/status')).toMatchObject({
      type: { kind: 'Namespace' },
      subresource: 'status',
    });
    expect(routeResource('/api/v1/namespaces')).toMatchObject({
      type: { kind: 'Namespace' },
      name: undefined,
    });
  });

  it('keeps the path after a proxy subresource', () => {
    expect(routeResource('/api/v1/namespaces/d/services/http:web:80/proxy/a/b')).toMatchObject({
      name: 'http:web:80',
      subresource: 'proxy',
      proxyPath: '/a/b',
    });
    expect(routeResource('/api/v1/namespaces/d/pods/p/proxy')).toMatchObject({ proxyPath: '/' });
  });

  it('knows nothing of kinds and versions the sim does not serve', () => {
    expect(routeResource('/apis/extensions/v1beta1/namespaces/d/ingresses')).toBeUndefined();
    expect(routeResource('/api/v1/namespaces/d/widgets')).toBeUndefined();
    expect(routeResource('/api/v1/namespaces/d/services/x/exec')).toBeUndefined();
    expect(routeResource('/api/v1/namespaces/d/nodes')).toBeUndefined();
  });
});
