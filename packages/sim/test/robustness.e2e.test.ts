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
