import type { KubeObject } from '@workshop/kube';
import { describe, expect, it } from 'vitest';
import { middlewareRefs, predictPath } from './traefik-rewrites.ts';

function middleware(name: string, spec: object, namespace = 'lab-11'): KubeObject {
  return { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name, namespace }, spec };
}
const strip = middleware('strip-api', { stripPrefix: { prefixes: ['/api'] } });

describe('predicting the path Traefik hands the backend', () => {
  it('strips the first matching prefix as a plain string, keeping a leading slash', () => {
    const refs = ['lab-11-strip-api@kubernetescrd'];
    expect(predictPath('/api/v1/hello', refs, [strip])).toEqual({ path: '/v1/hello' });
    expect(predictPath('/api', refs, [strip])).toEqual({ path: '/' });
    expect(predictPath('/other', refs, [strip])).toEqual({ path: '/other' });
  });

  it('builds no router when a reference names a Middleware that does not exist in that namespace', () => {
    expect(predictPath('/api/v1/hello', ['default-strip-api@kubernetescrd'], [strip])).toEqual({
      noRouter: 'middleware "default-strip-api@kubernetescrd" does not exist',
    });
    expect(predictPath('/api/x', ['lab-11-strip-api'], [strip])).toMatchObject({
      noRouter: expect.any(String),
    });
  });

  it('builds no router for a Middleware with an empty spec or an invalid regex', () => {
    const empty = middleware('strip-api', {});
    expect(predictPath('/api', ['lab-11-strip-api@kubernetescrd'], [empty])).toMatchObject({
      noRouter: 'Middleware "strip-api" has no type (an empty spec)',
    });
    const broken = middleware('strip-api', { replacePathRegex: { regex: '^/api(', replacement: '' } });
    expect(predictPath('/api', ['lab-11-strip-api@kubernetescrd'], [broken])).toHaveProperty('noRouter');
  });

  it('replaces every match of a replacePathRegex with the Go template, so an unanchored regex rewrites too much', () => {
    const anchored = middleware('strip-api', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Go template, which Traefik expands
      replacePathRegex: { regex: '^/api/(.*)', replacement: '/${1}' },
    });
    const loose = middleware('loose', { replacePathRegex: { regex: '/api/', replacement: '/' } });
    const refs = (name: string) => [`lab-11-${name}@kubernetescrd`];
    expect(predictPath('/api/v1/echo/api/x', refs('strip-api'), [anchored])).toEqual({
      path: '/v1/echo/api/x',
    });
    expect(predictPath('/api/v1/echo/api/x', refs('loose'), [loose])).toEqual({ path: '/v1/echo/x' });
    const named = middleware('named', {
      replacePathRegex: { regex: '^/api(?P<rest>/.*)$', replacement: '$rest' },
    });
    expect(predictPath('/api/v1/hello', refs('named'), [named])).toEqual({ path: '/v1/hello' });
  });

  it('leaves the path alone when the replacement is empty, as Traefik does', () => {
    const empty = middleware('strip-api', { replacePathRegex: { regex: '^/api', replacement: '' } });
    expect(predictPath('/api/v1/hello', ['lab-11-strip-api@kubernetescrd'], [empty])).toEqual({
      path: '/api/v1/hello',
    });
  });

  it('applies several middlewares in the order the annotation lists them', () => {
    const add = middleware('add-v2', { addPrefix: { prefix: '/v2' } });
    const refs = ['lab-11-strip-api@kubernetescrd', 'lab-11-add-v2@kubernetescrd'];
    expect(predictPath('/api/hello', refs, [strip, add])).toEqual({ path: '/v2/hello' });
  });

  it('does not guess for a middleware that changes more than the path', () => {
    const headers = middleware('h', { headers: { customRequestHeaders: { a: 'b' } } });
    expect(predictPath('/api', ['lab-11-h@kubernetescrd'], [headers])).toHaveProperty('unknown');
  });

  it('reads the comma-separated references of the router.middlewares annotation', () => {
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'api',
        annotations: {
          'traefik.ingress.kubernetes.io/router.middlewares': ' a@kubernetescrd, b@kubernetescrd ,',
        },
      },
    };
    expect(middlewareRefs(ingress)).toEqual(['a@kubernetescrd', 'b@kubernetescrd']);
  });
});
