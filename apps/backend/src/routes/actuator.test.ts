import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { memoryLogs, testConfig } from '../../test/helpers.ts';
import { Availability } from '../availability.ts';
import { createApp } from '../server.ts';

function setup(env: Record<string, string> = {}) {
  const { logs, lines } = memoryLogs();
  const availability = new Availability(logs('availability'));
  return { app: createApp(testConfig(env), { logs, availability }), availability, lines };
}

describe('actuator', () => {
  it('reports UP on health, liveness and readiness', async () => {
    const { app } = setup();
    await request(app)
      .get('/actuator/health')
      .expect(200, { status: 'UP', groups: ['liveness', 'readiness'] });
    await request(app).get('/actuator/health/liveness').expect(200, { status: 'UP' });
    await request(app).get('/actuator/health/readiness').expect(200, { status: 'UP' });
  });

  it('reports OUT_OF_SERVICE with a 503 when the application refuses traffic', async () => {
    const { app, availability } = setup();
    availability.setReadiness('REFUSING_TRAFFIC');
    await request(app).get('/actuator/health/readiness').expect(503, { status: 'OUT_OF_SERVICE' });
    await request(app)
      .get('/actuator/health')
      .expect(503, { status: 'OUT_OF_SERVICE', groups: ['liveness', 'readiness'] });
    // Liveness is a separate question: a Pod that refuses traffic must not be restarted for it.
    await request(app).get('/actuator/health/liveness').expect(200, { status: 'UP' });
  });

  it('describes the application and the Pod on /actuator/info', async () => {
    const { app } = setup({ SPRING_APPLICATION_NAME: 'demo', APP_VERSION: '1.2.3', NODE_NAME: 'n1' });
    const res = await request(app).get('/actuator/info').expect(200);
    expect(res.body).toMatchObject({
      app: { name: 'demo', version: '1.2.3' },
      build: { version: '1.2.3' },
      runtime: { name: 'node', version: process.versions.node },
      pod: { name: 'backend-test-pod', ip: '10.244.0.7', node: 'n1' },
    });
  });

  it('links its endpoints from /actuator', async () => {
    const { app } = setup();
    const res = await request(app).get('/actuator').set('Host', 'svc:8080').expect(200);
    expect(res.body._links.health).toEqual({ href: 'http://svc:8080/actuator/health', templated: false });
  });
});

describe('readiness toggle', () => {
  it('is absent (404) unless MANAGEMENT_READINESS_TOGGLE=true', async () => {
    const { app } = setup();
    const res = await request(app).put('/actuator/readiness').send({ state: 'REFUSING_TRAFFIC' }).expect(404);
    expect(res.body).toMatchObject({ status: 404, error: 'Not Found', path: '/actuator/readiness' });
    await request(app).get('/actuator/health/readiness').expect(200);
  });

  it('switches readiness down and up with Spring availability state names', async () => {
    const { app, lines } = setup({ MANAGEMENT_READINESS_TOGGLE: 'true' });
    await request(app).get('/actuator/readiness').expect(200, { state: 'ACCEPTING_TRAFFIC' });
    await request(app)
      .put('/actuator/readiness')
      .send({ state: 'REFUSING_TRAFFIC' })
      .expect(200, { state: 'REFUSING_TRAFFIC' });
    await request(app).get('/actuator/health/readiness').expect(503, { status: 'OUT_OF_SERVICE' });
    expect(
      lines.some((line) =>
        line.endsWith('ReadinessState changed from ACCEPTING_TRAFFIC to REFUSING_TRAFFIC'),
      ),
    ).toBe(true);
    await request(app)
      .put('/actuator/readiness')
      .send({ state: 'ACCEPTING_TRAFFIC' })
      .expect(200, { state: 'ACCEPTING_TRAFFIC' });
    await request(app).get('/actuator/health/readiness').expect(200, { status: 'UP' });
  });

  it('rejects an unknown state or a malformed body with a 400', async () => {
    const { app } = setup({ MANAGEMENT_READINESS_TOGGLE: 'true' });
    const bad = await request(app).put('/actuator/readiness').send({ state: 'DOWN' }).expect(400);
    expect(bad.body.message).toContain(
      'Expected a JSON body {"state": "ACCEPTING_TRAFFIC" or "REFUSING_TRAFFIC"}, got "DOWN"',
    );
    const malformed = await request(app)
      .put('/actuator/readiness')
      .set('Content-Type', 'application/json')
      .send('{"state":')
      .expect(400);
    expect(malformed.body).toMatchObject({ status: 400, error: 'Bad Request', path: '/actuator/readiness' });
    expect(malformed.body.message).toMatch(/^Expected a JSON request body, could not parse it: /);
    await request(app).get('/actuator/health/readiness').expect(200);
  });
});
