import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogs, testConfig } from '../../test/helpers.ts';
import { type BackendServer, createApp, createServer } from '../server.ts';

const toolboxApp = () => createApp(testConfig({ TOOLBOX_ENABLED: 'true' }), { logs: memoryLogs().logs });

describe('toolbox switched off', () => {
  it.each(['/toolbox/resolve?name=localhost', '/toolbox/fetch?url=http://127.0.0.1/'])(
    'answers %s with the ordinary Spring 404',
    async (path) => {
      const res = await request(createApp(testConfig(), { logs: memoryLogs().logs }))
        .get(path)
        .expect(404);
      expect(Object.keys(res.body)).toEqual(['timestamp', 'status', 'error', 'message', 'path']);
      expect(res.body.message).toContain('has no handler for it');
    },
  );
});

describe('GET /toolbox/resolve', () => {
  it('returns the addresses dns.lookup finds', async () => {
    const res = await request(toolboxApp()).get('/toolbox/resolve?name=localhost').expect(200);
    expect(res.body.name).toBe('localhost');
    expect(res.body.addresses.map((a: { address: string }) => a.address)).toContain('127.0.0.1');
    expect(res.body.error).toBeUndefined();
  });

  it("reports the resolver's error code for a name that does not exist", async () => {
    const res = await request(toolboxApp()).get('/toolbox/resolve?name=no-such-service.invalid').expect(200);
    expect(res.body).toMatchObject({
      name: 'no-such-service.invalid',
      addresses: [],
      error: { code: 'ENOTFOUND' },
    });
  });

  it.each([
    [
      '',
      'Expected query parameter `name` to be a host name such as api-service or api-service.lab-03, got none',
    ],
    ['name=', 'got none'],
    ['name=bad%20name', 'Expected query parameter `name` to be a host name'],
    ['name=a&name=b', 'Expected query parameter `name` once, got it 2 times'],
  ])('rejects "%s" with a 400', async (query, message) => {
    const res = await request(toolboxApp()).get(`/toolbox/resolve?${query}`).expect(400);
    expect(res.body).toMatchObject({ status: 400, error: 'Bad Request', path: '/toolbox/resolve' });
    expect(res.body.message).toContain(message);
  });
});

describe('GET /toolbox/fetch parameters', () => {
  it.each([
    [
      '',
      'Expected query parameter `url` to be an http:// or https:// URL such as http://api-service/, got none',
    ],
    [
      'url=api-service',
      'Expected query parameter `url` to be an absolute http:// or https:// URL, got "api-service"',
    ],
    ['url=ftp://api-service/', 'Expected query parameter `url` to use http or https, got "ftp"'],
    ['url=http://x/&count=0', 'Expected query parameter `count` to be a whole number from 1 to 200, got "0"'],
    ['url=http://x/&count=201', 'got "201"'],
    ['url=http://x/&count=many', 'got "many"'],
    [
      'url=http://x/&timeoutMs=10001',
      'Expected query parameter `timeoutMs` to be a whole number from 1 to 10000',
    ],
    [
      'url=http://x/&concurrency=21',
      'Expected query parameter `concurrency` to be a whole number from 1 to 20',
    ],
    ['url=http://x/&insecure=maybe', 'Expected query parameter `insecure` to be true or false'],
    ['url=http://x/&host=a%20b', 'Expected query parameter `host` to be a Host header value'],
  ])('rejects "%s" with a 400 naming the parameter', async (query, message) => {
    const res = await request(toolboxApp()).get(`/toolbox/fetch?${query}`).expect(400);
    expect(res.body).toMatchObject({ status: 400, error: 'Bad Request', path: '/toolbox/fetch' });
    expect(res.body.message).toContain(message);
  });
});

describe('GET /toolbox/fetch against a load-balanced Service', () => {
  const backends: BackendServer[] = [];
  let balancer: net.Server;
  let serviceUrl: string;
  let connections = 0;

  beforeAll(async () => {
    const ports: number[] = [];
    for (const pod of ['api-0', 'api-1', 'api-2']) {
      const backend = createServer(
        testConfig({ POD_NAME: pod, SERVER_PORT: '0', SERVER_ADDRESS: '127.0.0.1' }),
        {
          logs: memoryLogs().logs,
        },
      );
      ports.push((await backend.listen()).port);
      backends.push(backend);
    }
    // A stand-in for kube-proxy that picks the next backend for every new connection: with
    // keep-alive the toolbox would see one Pod only.
    balancer = net.createServer((client) => {
      const port = ports[connections++ % ports.length] as number;
      const upstream = net.connect(port, '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(balancer.address() as AddressInfo).port}/api/v1/hello`;
  });

  afterAll(async () => {
    await new Promise((resolve) => balancer.close(resolve));
    await Promise.all(backends.map((backend) => backend.shutdown()));
  });

  it('opens a new connection per request and counts the distinct Pods that answered', async () => {
    const before = connections;
    const res = await request(toolboxApp())
      .get(`/toolbox/fetch?url=${encodeURIComponent(serviceUrl)}&count=9`)
      .expect(200);
    expect(connections - before).toBe(9);
    expect(res.body.summary).toMatchObject({
      count: 9,
      ok: 9,
      failed: 0,
      distinctPods: 3,
      pods: { 'api-0': 3, 'api-1': 3, 'api-2': 3 },
      statuses: { '200': 9 },
    });
    expect(res.body.results).toHaveLength(9);
    expect(res.body.results[0]).toMatchObject({ n: 1, status: 200, app: 'backend', address: '127.0.0.1' });
    expect(res.body.from).toBe('backend-test-pod');
  });

  it('runs requests in parallel when asked, still one connection each', async () => {
    const before = connections;
    const res = await request(toolboxApp())
      .get(`/toolbox/fetch?url=${encodeURIComponent(serviceUrl)}&count=12&concurrency=4`)
      .expect(200);
    expect(connections - before).toBe(12);
    expect(res.body.summary).toMatchObject({ ok: 12, distinctPods: 3 });
  });

  it('counts refused connections as failures with their error code', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const res = await request(toolboxApp())
      .get(`/toolbox/fetch?url=http://127.0.0.1:${port}/&count=2`)
      .expect(200);
    expect(res.body.summary).toMatchObject({
      count: 2,
      ok: 0,
      failed: 2,
      distinctPods: 0,
      statuses: { ECONNREFUSED: 2 },
    });
    expect(res.body.results[0]).toMatchObject({ status: null, pod: null, error: { code: 'ECONNREFUSED' } });
  });

  it('sends the Host header it is given and reports what a foreign server answered', async () => {
    const seen: string[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers.host ?? '');
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as AddressInfo).port;
      const res = await request(toolboxApp())
        .get(`/toolbox/fetch?url=http://127.0.0.1:${port}/&host=myapp.example.com`)
        .expect(200);
      expect(seen).toEqual(['myapp.example.com']);
      expect(res.body.host).toBe('myapp.example.com');
      expect(res.body.summary).toMatchObject({ ok: 0, failed: 1, statuses: { '404': 1 } });
      expect(res.body.results[0]).toMatchObject({ status: 404, pod: null, snippet: '404 page not found\n' });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
