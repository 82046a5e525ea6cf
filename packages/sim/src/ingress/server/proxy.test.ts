// The controller end to end without a cluster: real listeners, real backend servers, a StaticSource
// standing in for the API.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { type IngressController, startIngressController } from '../controller.ts';
import { parseTraefikFlags } from '../flags.ts';
import { createLogger } from '../log.ts';
import {
  backend,
  endpointSlice,
  ingress,
  ingressClass,
  middleware,
  service,
  state,
  tlsSecret,
} from '../test-fixtures.ts';
import { generateDefaultCertificate, generateSelfSigned } from '../tls/self-signed.ts';
import { StaticSource } from '../watch/source.ts';

interface Echo {
  pod: string;
  url: string;
  headers: Record<string, string>;
}

const backends: Array<{ name: string; server: Server; port: number }> = [];

async function startBackend(name: string): Promise<number> {
  const server = createServer((req, res) => {
    const body = JSON.stringify({ pod: name, url: req.url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  backends.push({ name, server, port });
  return port;
}

function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const logs: string[] = [];
let controller: IngressController;
let source: StaticSource;
let web: string;
let websecure: { host: string; port: number };
let traefikEp: string;
const myappCert = generateSelfSigned({ commonName: 'myapp.example.com', dnsNames: ['myapp.example.com'] });
let objects: KubeObject[];

beforeAll(async () => {
  const [a1, a2, a3, admin] = await Promise.all(['api-1', 'api-2', 'api-3', 'admin-1'].map(startBackend));
  objects = [
    ingressClass('traefik', 'traefik.io/ingress-controller', true),
    service('default', 'my-app-service', [{ name: 'http', port: 80 }]),
    // One slice per Pod, because each test backend listens on its own ephemeral port.
    endpointSlice('default', 'my-app-service', [{ ip: '127.0.0.1' }], [{ name: 'http', port: a1 as number }]),
    endpointSlice('default', 'my-app-service', [{ ip: '127.0.0.1' }], [{ name: 'http', port: a2 as number }]),
    endpointSlice('default', 'my-app-service', [{ ip: '127.0.0.1' }], [{ name: 'http', port: a3 as number }]),
    service('default', 'admin-service', [{ port: 8080 }]),
    endpointSlice('default', 'admin-service', [{ ip: '127.0.0.1' }], [{ name: '', port: admin as number }]),
    service('default', 'empty-service', [{ port: 80 }]),
    endpointSlice('default', 'empty-service', []),
    middleware('default', 'strip-api', { stripPrefix: { prefixes: ['/api'] } }),
    middleware('default', 'https-only', { redirectScheme: { scheme: 'https', permanent: true } }),
    tlsSecret('default', 'myapp-tls', myappCert.certPem, myappCert.keyPem),
    ingress('default', 'myapp', {
      ingressClassName: 'traefik',
      tls: [{ hosts: ['myapp.example.com'], secretName: 'myapp-tls' }],
      rules: [
        {
          host: 'myapp.example.com',
          http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('my-app-service', 'http') }] },
        },
        {
          host: 'admin.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('admin-service', 8080) }] },
        },
        {
          host: 'empty.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('empty-service') }] },
        },
      ],
    }),
    ingress(
      'default',
      'stripped',
      {
        rules: [
          {
            host: 'strip.example.com',
            http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('admin-service', 8080) }] },
          },
        ],
      },
      { 'traefik.ingress.kubernetes.io/router.middlewares': 'default-strip-api@kubernetescrd' },
    ),
    ingress(
      'default',
      'redirected',
      {
        rules: [
          {
            host: 'secure.example.com',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('admin-service', 8080) }] },
          },
        ],
      },
      { 'traefik.ingress.kubernetes.io/router.middlewares': 'default-https-only@kubernetescrd' },
    ),
  ];
  source = new StaticSource(state(objects));
  const config = parseTraefikFlags([
    '--entryPoints.web.address=127.0.0.1:0',
    '--entryPoints.websecure.address=127.0.0.1:0',
    '--entryPoints.websecure.http.tls=true',
    '--entryPoints.traefik.address=127.0.0.1:0',
    '--ping=true',
    '--api.dashboard=true',
    '--providers.kubernetesingress=true',
    '--providers.kubernetesingress.strictPrefixMatching=true',
    '--providers.kubernetesingress.allowEmptyServices=true',
    '--accesslog=true',
  ]);
  controller = await startIngressController({
    config,
    source,
    serverName: 'traefik-abc12',
    log: createLogger({ level: 'info', write: (line) => logs.push(line) }),
    defaultCertificate: generateDefaultCertificate(),
  });
  const ep = (name: string) => controller.entryPoints.find((e) => e.name === name);
  web = ep('web')?.url as string;
  traefikEp = ep('traefik')?.url as string;
  websecure = { host: ep('websecure')?.host as string, port: ep('websecure')?.port as number };
});

afterAll(async () => {
  await controller?.stop();
  await Promise.all(backends.map((b) => new Promise((resolve) => b.server.close(resolve))));
});

describe('routing through the web entry point', () => {
  it('routes by host and path and spreads requests over every Pod in round robin', async () => {
    const pods: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await get(web, '/api/users', { host: 'myapp.example.com' });
      expect(res.status).toBe(200);
      pods.push((JSON.parse(res.body) as Echo).pod);
    }
    expect(new Set(pods)).toEqual(new Set(['api-1', 'api-2', 'api-3']));
    expect(pods.slice(0, 3)).toEqual(pods.slice(3, 6));
  });

  it('answers 404 page not found for an unknown host and for a path outside the prefix', async () => {
    for (const [host, path] of [
      ['unknown.example.com', '/api'],
      ['myapp.example.com', '/apix'],
    ] as const) {
      const res = await get(web, path, { host });
      expect(res.status).toBe(404);
      expect(res.body).toBe('404 page not found\n');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('answers 503 when the Service has no ready endpoint', async () => {
    const res = await get(web, '/', { host: 'empty.example.com' });
    expect(res.status).toBe(503);
  });

  it('passes the Host header and sets the X-Forwarded-* headers, ignoring client-sent ones', async () => {
    const res = await get(web, '/?q=1', { host: 'admin.example.com:30080', 'x-forwarded-for': '6.6.6.6' });
    const echo = JSON.parse(res.body) as Echo;
    expect(echo.url).toBe('/?q=1');
    expect(echo.headers).toMatchObject({
      host: 'admin.example.com:30080',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': 'admin.example.com:30080',
      'x-forwarded-port': '30080',
      'x-forwarded-proto': 'http',
      'x-forwarded-server': 'traefik-abc12',
      'x-real-ip': '127.0.0.1',
    });
  });

  it('applies a stripPrefix middleware referenced by annotation', async () => {
    const res = await get(web, '/api/v1/hello', { host: 'strip.example.com' });
    const echo = JSON.parse(res.body) as Echo;
    expect(echo.url).toBe('/v1/hello');
    expect(echo.headers['x-forwarded-prefix']).toBe('/api');
  });

  it('redirects to https with a redirectScheme middleware', async () => {
    const res = await get(web, '/login?x=1', { host: 'secure.example.com' });
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://secure.example.com/login?x=1');
  });

  it('follows changes of the source without a restart', async () => {
    expect((await get(web, '/', { host: 'late.example.com' })).status).toBe(404);
    source.set(
      state([
        ...objects,
        ingress('default', 'late', {
          rules: [
            {
              host: 'late.example.com',
              http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('admin-service', 8080) }] },
            },
          ],
        }),
      ]),
    );
    expect((await get(web, '/', { host: 'late.example.com' })).status).toBe(200);
    source.set(state(objects));
  });

  it('writes an access log line per request in Common Log Format', async () => {
    await get(web, '/api/logged', { host: 'myapp.example.com', 'user-agent': 'curl/8.0' });
    const deadline = Date.now() + 2000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      line = logs.find((l) => l.includes('/api/logged'));
      if (!line) await new Promise((r) => setImmediate(r));
    }
    expect(line).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/api\/logged HTTP\/1\.1" 200 \d+ "-" "curl\/8\.0" \d+ "default-myapp-myapp-example-com-api@kubernetes" "http:\/\/127\.0\.0\.1:\d+" \d+ms$/,
    );
  });
});

describe('the traefik entry point', () => {
  it('answers GET /ping with OK', async () => {
    const res = await get(traefikEp, '/ping');
    expect(res.status).toBe(200);
    expect(res.body).toBe('OK');
  });

  it('lists the routers with Traefik-style rules', async () => {
    const res = await get(traefikEp, '/api/http/routers');
    const routers = JSON.parse(res.body) as Array<{ name: string; rule: string }>;
    expect(routers).toContainEqual(
      expect.objectContaining({
        name: 'default-myapp-myapp-example-com-api@kubernetes',
        rule: 'Host(`myapp.example.com`) && (Path(`/api`) || PathPrefix(`/api/`))',
      }),
    );
  });
});

describe('TLS on the websecure entry point', () => {
  function handshake(servername: string): Promise<{ subject: string; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect(
        { host: websecure.host, port: websecure.port, servername, rejectUnauthorized: false },
        () => {
          const subject = socket.getPeerCertificate().subject?.CN ?? '';
          socket.write(`GET /api/x HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`);
          let body = '';
          socket.on('data', (c) => {
            body += c.toString();
          });
          socket.on('end', () => resolve({ subject: String(subject), body }));
        },
      );
      socket.on('error', reject);
    });
  }

  it('serves the Secret certificate for its SNI name and routes the request', async () => {
    const result = await handshake('myapp.example.com');
    expect(result.subject).toBe('myapp.example.com');
    expect(result.body).toMatch(/^HTTP\/1\.1 200/);
    expect(result.body).toContain('"x-forwarded-proto":"https"');
  });

  it('serves TRAEFIK DEFAULT CERT when no Secret matches the SNI name', async () => {
    const result = await handshake('other.example.com');
    expect(result.subject).toBe('TRAEFIK DEFAULT CERT');
    expect(result.body).toMatch(/^HTTP\/1\.1 404/);
  });
});
