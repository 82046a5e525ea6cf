// What a hostile or broken client can do to the API server: get a Status back, never stop it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t?.stop();
});

describe('the API server under bad requests', () => {
  it('answers 401 Unauthorized without the token, but serves /version and /healthz to anyone', async () => {
    const denied = await raw(t.cluster, 'GET', '/api/v1/namespaces', { token: null });
    expect(denied.status).toBe(401);
    expect(denied.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
    expect((await raw(t.cluster, 'GET', '/api/v1/namespaces', { token: 'wrong' })).status).toBe(401);
    expect((await raw(t.cluster, 'GET', '/version', { token: null })).json()).toMatchObject({
      major: '1',
      minor: '33',
    });
    expect((await raw(t.cluster, 'GET', '/healthz', { token: null })).body).toBe('ok');
  });

  it('answers a malformed body with a 400 Status and keeps serving', async () => {
    const bad = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/services', {
      body: '{"kind": "Service", ',
    });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    const ok = await raw(t.cluster, 'GET', '/api/v1/namespaces/default/services');
    expect(ok.status).toBe(200);
  });

  it('answers a malformed YAML body with a 400 Status, as a create and as a server-side apply', async () => {
    const create = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: 'kind: ConfigMap\nmetadata: {name: [\n',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(create.status).toBe(400);
    expect(create.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    const apply = await raw(t.cluster, 'PATCH', '/api/v1/namespaces/default/configmaps/y?fieldManager=me', {
      body: 'data: [\n  b: {',
      headers: { 'content-type': 'application/apply-patch+yaml' },
    });
    expect(apply.status).toBe(400);
    expect(apply.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect((await raw(t.cluster, 'GET', '/readyz')).status).toBe(200);
  });

  it('refuses values of the wrong JSON type with a 400 Status instead of storing them', async () => {
    const cases: Array<[string, object, string]> = [
      [
        '/apis/apps/v1/namespaces/default/deployments',
        {
          metadata: { name: 'd1' },
          spec: {
            replicas: 'three',
            selector: { matchLabels: { app: 'x' } },
            template: {
              metadata: { labels: { app: 'x' } },
              spec: { containers: [{ name: 'a', image: 'b' }] },
            },
          },
        },
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field spec.replicas of type integer',
      ],
      [
        '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
        { metadata: { name: 'i1' }, spec: { rules: [{ host: 5 }] } },
        'Ingress in version "v1" cannot be handled as a Ingress: json: cannot unmarshal number into Go struct field spec.rules.host of type string',
      ],
      [
        '/api/v1/namespaces/default/configmaps',
        { metadata: { name: 'c1', finalizers: 'x' } },
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field metadata.finalizers of type array',
      ],
      [
        '/api/v1/namespaces/default/services',
        { metadata: { name: 's1' }, spec: { ports: [{ port: 80, targetPort: { a: 1 } }] } },
        'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal object into Go struct field spec.ports.targetPort of type string or integer',
      ],
    ];
    for (const [path, body, message] of cases) {
      const res = await raw(t.cluster, 'POST', path, { body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message });
    }
    expect((await raw(t.cluster, 'GET', '/apis/apps/v1/namespaces/default/deployments/d1')).status).toBe(404);
  });

  it('answers every request of a hostile batch with a Status below 500 and keeps serving', async () => {
    const paths = [
      '/api/v1/namespaces/default/services',
      '/api/v1/namespaces/default/services/kubernetes',
      '/api/v1/namespaces/default/pods/nope/log?follow=true&tailLines=-3',
      '/apis/apps/v1/namespaces/default/deployments/x/scale',
      '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
      '/api/v1/namespaces/%zz/pods?labelSelector=(((&fieldSelector=a%3D%3D%3Db',
      '/api/v1/namespaces/default/services/nope:x:y/proxy/',
      '/apis/traefik.io/v1alpha1/namespaces/default/middlewares',
    ];
    const bodies = [
      '',
      'null',
      '[]',
      '"text"',
      '{',
      '{"metadata":[]}',
      '{"spec":{"ports":"x"}}',
      '\u0000\u00ff',
    ];
    const types = [
      'application/json',
      'application/yaml',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/json-patch+json',
      'application/apply-patch+yaml',
    ];
    for (const path of paths) {
      for (const [i, body] of bodies.entries()) {
        const method = ['POST', 'PUT', 'PATCH', 'DELETE'][i % 4] as string;
        const contentType = types[i % types.length] as string;
        const res = await raw(
          t.cluster,
          method,
          `${path}${path.includes('?') ? '&' : '?'}fieldManager=fuzz`,
          {
            body,
            headers: { 'content-type': contentType },
          },
        );
        expect(
          res.status,
          `${method} ${path} (${contentType}) ${JSON.stringify(body)}: ${res.body}`,
        ).toBeLessThan(500);
      }
    }
    expect((await raw(t.cluster, 'GET', '/readyz')).status).toBe(200);
  });

  it('answers unknown paths with 404, unsupported verbs with 405 and oversized bodies with 413', async () => {
    const missing = await raw(t.cluster, 'GET', '/apis/extensions/v1beta1/namespaces/default/ingresses');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
    const verb = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/services/kubernetes', {
      body: '{}',
    });
    expect(verb.status).toBe(405);
    expect(verb.json()).toMatchObject({ reason: 'MethodNotAllowed' });
    const huge = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: Buffer.alloc(4 * 1024 * 1024, 'a'),
    });
    expect(huge.status).toBe(413);
  });

  it('rejects a body whose namespace differs from the URL', async () => {
    const res = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: 'other' },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.json().message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('reports Conflict for a stale resourceVersion and AlreadyExists for a taken name', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' }, data: { a: '1' } };
    const created = (
      await raw(t.cluster, 'POST', '/api/v1/namespaces/default/configmaps', { body: JSON.stringify(body) })
    ).json();
    const again = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: JSON.stringify(body),
    });
    expect(again.status).toBe(409);
    expect(again.json().message).toBe('configmaps "c1" already exists');
    await raw(t.cluster, 'PUT', '/api/v1/namespaces/default/configmaps/c1', {
      body: JSON.stringify({ ...created, data: { a: '2' } }),
    });
    const stale = await raw(t.cluster, 'PUT', '/api/v1/namespaces/default/configmaps/c1', {
      body: JSON.stringify({ ...created, data: { a: '3' } }),
    });
    expect(stale.status).toBe(409);
    expect(stale.json().message).toBe(
      'Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('stores an unknown field dropped with a Warning header when no fieldValidation is sent', async () => {
    const res = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/services', {
      body: JSON.stringify({
        metadata: { name: 'warned' },
        spec: { ports: [{ port: 80, nordPort: 30001 }] },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec.ports[0].nordPort\\""');
    expect(res.json().spec.ports[0].nordPort).toBeUndefined();
  });

  it('answers services/proxy with 503 when the Service has no endpoints', async () => {
    await raw(t.cluster, 'POST', '/api/v1/namespaces/default/services', {
      body: JSON.stringify({
        metadata: { name: 'lonely' },
        spec: { selector: { app: 'none' }, ports: [{ port: 80 }] },
      }),
    });
    const res = await raw(t.cluster, 'GET', '/api/v1/namespaces/default/services/lonely/proxy/');
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({
      reason: 'ServiceUnavailable',
      message: 'no endpoints available for service "lonely"',
    });
  });

  it('honours dryRun=All: validates and answers, stores nothing', async () => {
    const res = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All', {
      body: JSON.stringify({ metadata: { name: 'dry' } }),
    });
    expect(res.status).toBe(201);
    expect((await raw(t.cluster, 'GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });

  it('survives a connection that sends garbage instead of TLS', async () => {
    const { connect } = await import('node:net');
    const url = new URL(t.cluster.apiUrl);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.end('GET / HTTP/1.1\r\n\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    expect((await raw(t.cluster, 'GET', '/readyz')).status).toBe(200);
  });
});
