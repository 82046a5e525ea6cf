import http from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { memoryLogs, testConfig } from '../test/helpers.ts';
import { createApp, createServer } from './server.ts';

const app = (env: Record<string, string> = {}) => createApp(testConfig(env), { logs: memoryLogs().logs });

describe('GET /api/v1/hello', () => {
  it('names the application, version and Pod that answered', async () => {
    const res = await request(
      app({ SPRING_APPLICATION_NAME: 'demo', POD_NAME: 'p1', POD_NAMESPACE: 'lab-01', NODE_NAME: 'n1' }),
    )
      .get('/api/v1/hello')
      .expect(200)
      .expect('content-type', /application\/json/);
    expect(res.body).toMatchObject({
      message: 'Hello from p1 (demo v0.1.0)',
      app: 'demo',
      version: '0.1.0',
      pod: 'p1',
      podIP: '10.244.0.7',
      node: 'n1',
      namespace: 'lab-01',
    });
  });

  it('shows the host, path and forwarding headers that reached the Pod', async () => {
    const res = await request(app())
      .get('/api/v1/hello?lang=ko')
      .set('Host', 'myapp.example.com')
      .set('X-Forwarded-For', '192.0.2.10')
      .set('X-Forwarded-Host', 'myapp.example.com')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Prefix', '/api')
      .set('X-Replaced-Path', '/api/v1/hello')
      .set('X-Real-Ip', '192.0.2.10')
      .set('X-Unrelated', 'not shown')
      .expect(200);
    expect(res.body.request).toMatchObject({
      method: 'GET',
      host: 'myapp.example.com',
      path: '/api/v1/hello',
      originalUrl: '/api/v1/hello?lang=ko',
      forwarded: {
        'x-forwarded-for': '192.0.2.10',
        'x-forwarded-host': 'myapp.example.com',
        'x-forwarded-proto': 'https',
        'x-forwarded-prefix': '/api',
        'x-replaced-path': '/api/v1/hello',
        'x-real-ip': '192.0.2.10',
      },
    });
    expect(Object.keys(res.body.request.forwarded)).not.toContain('x-unrelated');
  });

  it('answers /v1/hello the same way, showing the rewritten path it received', async () => {
    const res = await request(app()).get('/v1/hello').set('X-Forwarded-Prefix', '/api').expect(200);
    expect(res.body.pod).toBe('backend-test-pod');
    expect(res.body.request.path).toBe('/v1/hello');
  });

  it('waits delayMs before answering', async () => {
    const started = Date.now();
    const res = await request(app()).get('/api/v1/hello?delayMs=300').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.body.delayMs).toBe(300);
  });

  it.each(['abc', '-5', '1.5', '10001', ''])(
    'rejects delayMs=%s with a 400 naming the parameter',
    async (value) => {
      const res = await request(app()).get(`/api/v1/hello?delayMs=${value}`).expect(400);
      expect(res.body).toMatchObject({
        status: 400,
        error: 'Bad Request',
        path: '/api/v1/hello',
        message: `Expected query parameter \`delayMs\` to be a whole number from 0 to 10000, got "${value}"`,
      });
    },
  );

  it('rejects a repeated delayMs', async () => {
    const res = await request(app()).get('/api/v1/hello?delayMs=1&delayMs=2').expect(400);
    expect(res.body.message).toBe('Expected query parameter `delayMs` once, got it 2 times');
  });
});

describe('echo', () => {
  it.each(['/api/v1/echo/a/b', '/v1/echo/a/b', '/echo/a/b', '/echo', '/kube/echo', '/kubex/echo/x'])(
    'echoes %s as it arrived',
    async (path) => {
      const res = await request(app()).post(`${path}?x=1`).expect(200);
      expect(res.body.message).toBe(`Echo from backend-test-pod: POST ${path}`);
      expect(res.body.request).toMatchObject({ method: 'POST', path, originalUrl: `${path}?x=1` });
    },
  );

  it('does not echo paths that merely contain the word', async () => {
    await request(app()).get('/echoes').expect(404);
    await request(app()).get('/api/echoes/x').expect(404);
  });
});

describe('GET /api/users', () => {
  it('lists the sample users', async () => {
    const res = await request(app()).get('/api/users').expect(200);
    expect(res.body.length).toBeGreaterThanOrEqual(3);
    expect(res.body[0]).toEqual({ id: 1, name: 'Kim Minji', email: 'minji.kim@example.com', role: 'admin' });
  });

  it('returns one user by id, and a Spring-shaped 404 for an unknown id', async () => {
    await request(app()).get('/api/users/2').expect(200, {
      id: 2,
      name: 'Lee Joon',
      email: 'joon.lee@example.com',
      role: 'developer',
    });
    const res = await request(app()).get('/api/users/99').expect(404);
    expect(res.body).toMatchObject({ status: 404, error: 'Not Found', path: '/api/users/99' });
    expect(res.body.message).toContain('No user with id "99"');
  });
});

describe('unknown paths', () => {
  it("answer 404 in Spring Boot's error shape, saying the request reached the app", async () => {
    const res = await request(app({ SPRING_APPLICATION_NAME: 'hello-kubernetes', POD_NAME: 'hk-1' }))
      .get('/does/not/exist?q=1')
      .expect(404);
    expect(Object.keys(res.body)).toEqual(['timestamp', 'status', 'error', 'message', 'path']);
    expect(res.body).toMatchObject({ status: 404, error: 'Not Found', path: '/does/not/exist' });
    expect(res.body.message).toBe(
      'hello-kubernetes (Pod hk-1) received GET /does/not/exist but has no handler for it',
    );
    expect(res.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('still name the application and Pod in headers', async () => {
    await request(app({ SPRING_APPLICATION_NAME: 'hello-kubernetes', POD_NAME: 'hk-1' }))
      .get('/kubex')
      .expect(404)
      .expect('x-app-name', 'hello-kubernetes')
      .expect('x-pod-name', 'hk-1');
  });

  it('include the wrong method on a known path', async () => {
    await request(app()).delete('/api/users').expect(404);
  });
});

describe('context path', () => {
  it('serves everything under SERVER_SERVLET_CONTEXT_PATH and nothing outside it', async () => {
    const shop = app({ SERVER_SERVLET_CONTEXT_PATH: '/shop' });
    const res = await request(shop).get('/shop/api/v1/hello').expect(200);
    expect(res.body.request.path).toBe('/shop/api/v1/hello');
    await request(shop)
      .get('/shop/actuator/health')
      .expect(200, { status: 'UP', groups: ['liveness', 'readiness'] });
    const miss = await request(shop).get('/api/v1/hello').expect(404);
    expect(miss.body.path).toBe('/api/v1/hello');
  });
});

describe('request log', () => {
  it('writes one line per request with method, path, status and duration', async () => {
    const { logs, lines } = memoryLogs();
    await request(createApp(testConfig(), { logs })).get('/nope?x=1').expect(404);
    const logged = lines.filter((line) => line.includes('RequestLog'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/ : GET \/nope\?x=1 404 \d+ms from \S+$/);
  });
});

/** A GET on a keep-alive agent, resolving with status, body and the Connection header. */
function get(url: string, agent: http.Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
        );
      })
      .on('error', reject);
  });
}

/** Resolves once the server has received (parsed) a request whose URL contains `marker`. */
function requestArrives(server: http.Server, marker: string): Promise<void> {
  return new Promise((resolve) => {
    const onRequest = (req: http.IncomingMessage) => {
      if (!req.url?.includes(marker)) return;
      server.off('request', onRequest);
      resolve();
    };
    server.on('request', onRequest);
  });
}

describe('createServer', () => {
  const start = async (env: Record<string, string> = {}) => {
    const { logs, lines } = memoryLogs();
    const backend = createServer(testConfig({ SERVER_PORT: '0', SERVER_ADDRESS: '127.0.0.1', ...env }), {
      logs,
    });
    const { port } = await backend.listen();
    return { backend, lines, base: `http://127.0.0.1:${port}` };
  };

  it('settles the Pod IP from the bound address when POD_IP is not given', async () => {
    const { logs } = memoryLogs();
    const config = testConfig({ POD_IP: '', SERVER_PORT: '0', SERVER_ADDRESS: '127.0.0.1' });
    const backend = createServer(config, { logs });
    await backend.listen();
    try {
      expect(config.pod.ip).toBe('127.0.0.1');
    } finally {
      await backend.shutdown();
    }
  });

  it('lets an in-flight request finish on shutdown, then stops accepting connections', async () => {
    const { backend, lines, base } = await start();
    const agent = new http.Agent({ keepAlive: true });
    try {
      // A kept-alive idle connection must not hold the shutdown up.
      expect((await get(`${base}/actuator/health`, agent)).status).toBe(200);
      const arrived = requestArrives(backend.server, 'delayMs=500');
      const slow = get(`${base}/api/v1/hello?delayMs=500`, agent);
      await arrived;
      const started = Date.now();
      const outcome = backend.shutdown();
      expect(backend.availability.readiness).toBe('REFUSING_TRAFFIC');
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(answer.connection).toBe('close');
      expect(JSON.parse(answer.body).delayMs).toBe(500);
      expect(await outcome).toBe('complete');
      expect(Date.now() - started).toBeLessThan(3000);
      await expect(get(`${base}/actuator/health`, new http.Agent())).rejects.toThrow(/ECONNREFUSED/);
      expect(
        lines.some((l) =>
          l.endsWith('Commencing graceful shutdown. Waiting for active requests to complete'),
        ),
      ).toBe(true);
      expect(lines.some((l) => l.endsWith('Graceful shutdown complete'))).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('gives up on requests still running after SERVER_SHUTDOWN_TIMEOUT_MS', async () => {
    const { backend, lines, base } = await start({ SERVER_SHUTDOWN_TIMEOUT_MS: '200' });
    const agent = new http.Agent();
    const arrived = requestArrives(backend.server, 'delayMs=5000');
    const slow = get(`${base}/api/v1/hello?delayMs=5000`, agent).catch((err: Error) => err);
    await arrived;
    expect(await backend.shutdown()).toBe('aborted');
    expect(await slow).toBeInstanceOf(Error);
    expect(
      lines.some((l) => l.includes('Graceful shutdown aborted with one or more requests still active')),
    ).toBe(true);
  });
});
