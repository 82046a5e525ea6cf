// The docs' path-matching table, host wildcards and defaultBackend through the controller's real
// web entry point with the workshop's flags: each table row is an Ingress for its own host, each
// rule path a Service whose backend server answers with its name, so the HTTP answer names the
// rule that won (404 page not found when none did).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { type IngressController, startIngressController } from '../controller.ts';
import { parseTraefikFlags } from '../flags.ts';
import { createLogger } from '../log.ts';
import { DOCS_PATH_TABLE } from '../routing/docs-path-table.ts';
import { backend, endpointSlice, ingress, ingressClass, service, state } from '../test-fixtures.ts';
import { StaticSource } from '../watch/source.ts';

const servers: Server[] = [];
let controller: IngressController;
let web: string;

/** A Service `name` whose only endpoint is an HTTP server answering `name`. */
async function namedBackend(name: string): Promise<KubeObject[]> {
  const server = createServer((_req, res) => res.end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  return [
    service('default', name),
    endpointSlice('default', name, [{ ip: '127.0.0.1' }], [{ name: '', port }]),
  ];
}

function get(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${web}${path}`, { headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const rowHost = (row: number) => `row-${row}.example.com`;
/** The row whose Ingress also has a defaultBackend: the docs' "No, uses default backend". */
const DEFAULT_BACKEND_ROW = DOCS_PATH_TABLE.findIndex(
  (row) => row.expected === null && row.rules.length === 1 && row.rules[0]?.[1] === '/aaa',
);

beforeAll(async () => {
  const objects: KubeObject[] = [ingressClass('traefik', 'traefik.io/ingress-controller', true)];
  for (const [r, row] of DOCS_PATH_TABLE.entries()) {
    const paths = [];
    for (const [i, [pathType, path]] of row.rules.entries()) {
      objects.push(...(await namedBackend(`row-${r}-rule-${i}`)));
      paths.push({ path, pathType, backend: backend(`row-${r}-rule-${i}`) });
    }
    const defaultBackend = r === DEFAULT_BACKEND_ROW ? backend(`row-${r}-default`) : undefined;
    if (defaultBackend) objects.push(...(await namedBackend(`row-${r}-default`)));
    objects.push(
      ingress('default', `row-${r}`, {
        ingressClassName: 'traefik',
        ...(defaultBackend ? { defaultBackend } : {}),
        rules: [{ host: rowHost(r), http: { paths } }],
      }),
    );
  }
  objects.push(
    ...(await namedBackend('wildcard')),
    ...(await namedBackend('precise')),
    ingress('default', 'hosts', {
      ingressClassName: 'traefik',
      rules: [
        {
          host: '*.foo.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('wildcard') }] },
        },
        {
          host: 'bar.foo.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('precise') }] },
        },
      ],
    }),
  );
  controller = await startIngressController({
    config: parseTraefikFlags([
      '--entryPoints.web.address=127.0.0.1:0',
      '--providers.kubernetesingress=true',
      '--providers.kubernetesingress.strictPrefixMatching=true',
      '--providers.kubernetesingress.allowEmptyServices=true',
    ]),
    source: new StaticSource(state(objects)),
    serverName: 'traefik-table',
    log: createLogger({ level: 'error', write: () => {} }),
  });
  web = controller.entryPoints.find((e) => e.name === 'web')?.url as string;
});

afterAll(async () => {
  await controller?.stop();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('the docs path-matching table through the web entry point', () => {
  for (const [r, row] of DOCS_PATH_TABLE.entries()) {
    const rules = row.rules.map(([type, path]) => `${type} ${path}`).join(', ');
    const winner =
      row.expected !== null
        ? `rule-${row.expected}`
        : r === DEFAULT_BACKEND_ROW
          ? 'the defaultBackend'
          : '404';
    it(`[${rules}] answers ${row.requests.join(', ')} from ${winner}`, async () => {
      for (const path of row.requests) {
        const answer = await get(path, rowHost(r));
        if (row.expected !== null)
          expect(answer, path).toEqual({ status: 200, body: `row-${r}-rule-${row.expected}` });
        else if (r === DEFAULT_BACKEND_ROW)
          expect(answer, path).toEqual({ status: 200, body: `row-${r}-default` });
        else expect(answer, path).toEqual({ status: 404, body: '404 page not found\n' });
      }
    });
  }
});

describe('host rules through the web entry point', () => {
  it('prefers the precise host, lets *.foo.com cover exactly one label, and ignores the port', async () => {
    expect(await get('/', 'bar.foo.com')).toEqual({ status: 200, body: 'precise' });
    expect(await get('/', 'BAZ.foo.com:8080')).toEqual({ status: 200, body: 'wildcard' });
    expect((await get('/', 'a.baz.foo.com')).status).toBe(404);
    expect((await get('/', 'foo.com')).status).toBe(404);
  });
});
