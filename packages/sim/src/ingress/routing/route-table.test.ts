// Host, wildcard, defaultBackend, class-selection and backend-resolution rules (reference §4.4–4.8, §5.3).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import {
  backend,
  backendService,
  endpointSlice,
  ingress,
  ingressClass,
  middleware,
  service,
  state,
} from '../test-fixtures.ts';
import { matchRoute, type RequestFacts } from './match.ts';
import { type BuildOptions, buildRouteTable } from './route-table.ts';

const options: BuildOptions = { allowEmptyServices: true };

function route(objects: KubeObject[], facts: Partial<RequestFacts>, buildOptions = options) {
  const table = buildRouteTable(state(objects), buildOptions);
  return matchRoute(
    table,
    { host: 'example.com', path: '/', entryPoint: 'web', tls: false, ...facts },
    { strictPrefix: true },
  );
}

const prefix = (path: string, svc: string) => ({ path, pathType: 'Prefix', backend: backend(svc) });
const services = ['s1', 's2', 's3', 's4'].flatMap((s, i) =>
  backendService('default', s, `127.0.0.${10 + i}`),
);

describe('host matching', () => {
  const objects = [
    ...services,
    ingress('default', 'hosts', {
      rules: [
        { host: 'foo.bar.com', http: { paths: [prefix('/', 's1')] } },
        { host: '*.bar.com', http: { paths: [prefix('/', 's2')] } },
        { http: { paths: [prefix('/', 's3')] } },
      ],
    }),
  ];
  const cases: Array<[string, string]> = [
    ['foo.bar.com', 's1'],
    ['FOO.Bar.COM', 's1'],
    ['foo.bar.com:8080', 's1'],
    ['baz.bar.com', 's2'],
    ['baz.foo.bar.com', 's3'],
    ['bar.com', 's3'],
    ['other.example', 's3'],
  ];
  for (const [host, expected] of cases) {
    it(`sends Host ${host} to ${expected} (precise > one-label wildcard > host-less)`, () => {
      expect(route(objects, { host })?.target.service).toBe(expected);
    });
  }

  it('answers nothing for an unknown host when there is no host-less rule', () => {
    const only = [
      ...services,
      ingress('default', 'h', {
        rules: [{ host: 'myapp.example.com', http: { paths: [prefix('/', 's1')] } }],
      }),
    ];
    expect(route(only, { host: 'unknown.example.com' })).toBeUndefined();
    expect(route(only, { host: 'myapp.example.com' })?.target.service).toBe('s1');
  });

  it('evaluates paths only within the winning host: no fall-through to host-less rules', () => {
    const objects2 = [
      ...services,
      ingress('default', 'a', {
        rules: [{ host: 'myapp.example.com', http: { paths: [prefix('/api', 's1')] } }],
      }),
      ingress('default', 'b', { rules: [{ http: { paths: [prefix('/', 's3')] } }] }),
    ];
    expect(route(objects2, { host: 'myapp.example.com', path: '/api/x' })?.target.service).toBe('s1');
    expect(route(objects2, { host: 'myapp.example.com', path: '/other' })).toBeUndefined();
    expect(route(objects2, { host: 'else.example.com', path: '/other' })?.target.service).toBe('s3');
  });

  it('merges the paths of several Ingresses for one host and lets the older win a tie', () => {
    const objects2 = [
      ...services,
      ingress('default', 'older', { rules: [{ host: 'h.com', http: { paths: [prefix('/a', 's1')] } }] }),
      ingress('default', 'newer', {
        rules: [{ host: 'h.com', http: { paths: [prefix('/a', 's2'), prefix('/a/b', 's3')] } }],
      }),
    ];
    expect(route(objects2, { host: 'h.com', path: '/a/x' })?.target.service).toBe('s1');
    expect(route(objects2, { host: 'h.com', path: '/a/b/c' })?.target.service).toBe('s3');
  });
});

describe('defaultBackend', () => {
  it('makes an Ingress without rules the cluster-wide catch-all', () => {
    const objects = [
      ...services,
      ingress('default', 'catch', { defaultBackend: backend('s4') }),
      ingress('default', 'h', { rules: [{ host: 'a.com', http: { paths: [prefix('/x', 's1')] } }] }),
    ];
    expect(route(objects, { host: 'nothing.com', path: '/y' })?.target.service).toBe('s4');
    expect(route(objects, { host: 'a.com', path: '/x' })?.target.service).toBe('s1');
    expect(route(objects, { host: 'a.com', path: '/y' })?.target.service).toBe('s4');
  });

  it('sends unmatched paths of an Ingress with rules to that Ingress own defaultBackend (spec)', () => {
    const objects = [
      ...services,
      ingress('default', 'own', {
        defaultBackend: backend('s2'),
        rules: [{ host: 'a.com', http: { paths: [prefix('/x', 's1')] } }],
      }),
    ];
    expect(route(objects, { host: 'a.com', path: '/nope' })?.target.service).toBe('s2');
    expect(route(objects, { host: 'b.com', path: '/nope' })).toBeUndefined();
  });

  it('keeps only the first catch-all and reports the second', () => {
    const table = buildRouteTable(
      state([
        ...services,
        ingress('default', 'first', { defaultBackend: backend('s1') }),
        ingress('default', 'second', { defaultBackend: backend('s2') }),
      ]),
      options,
    );
    expect(table.catchAll?.target.service).toBe('s1');
    expect(table.problems.map((p) => p.msg)).toContain('The default backend already exists.');
  });
});

describe('ingress class selection', () => {
  const rule = { rules: [{ http: { paths: [prefix('/', 's1')] } }] };
  const classes = [
    ingressClass('traefik', 'traefik.io/ingress-controller', true),
    ingressClass('nginx', 'k8s.io/ingress-nginx'),
  ];
  const served = (ing: KubeObject, extra: BuildOptions = options) =>
    buildRouteTable(state([...services, ...classes, ing]), extra).served.length === 1;

  it('serves spec.ingressClassName naming a Traefik IngressClass', () => {
    expect(served(ingress('default', 'i', { ...rule, ingressClassName: 'traefik' }))).toBe(true);
  });
  it('ignores an IngressClass of another controller, or one that does not exist', () => {
    expect(served(ingress('default', 'i', { ...rule, ingressClassName: 'nginx' }))).toBe(false);
    expect(served(ingress('default', 'i', { ...rule, ingressClassName: 'missing' }))).toBe(false);
  });
  it('serves the legacy annotation kubernetes.io/ingress.class: traefik and ignores other values', () => {
    expect(served(ingress('default', 'i', rule, { 'kubernetes.io/ingress.class': 'traefik' }))).toBe(true);
    expect(served(ingress('default', 'i', rule, { 'kubernetes.io/ingress.class': 'nginx' }))).toBe(false);
  });
  it('serves Ingresses with no class at all, as Traefik does', () => {
    expect(served(ingress('default', 'i', rule))).toBe(true);
  });
});

describe('backend resolution', () => {
  it('resolves a Service port by name and uses the EndpointSlice port of that name', () => {
    const objects = [
      service('default', 'named', [
        { name: 'http', port: 80 },
        { name: 'admin', port: 9000 },
      ]),
      endpointSlice(
        'default',
        'named',
        [{ ip: '127.0.0.7' }],
        [
          { name: 'http', port: 8080 },
          { name: 'admin', port: 9090 },
        ],
      ),
      ingress('default', 'i', {
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('named', 'admin') }] } }],
      }),
    ];
    expect(route(objects, {})?.target.servers).toEqual(['http://127.0.0.7:9090']);
  });

  it('resolves port.number against the Service port, not the targetPort', () => {
    const objects = [
      service('default', 'svc', [{ port: 80, targetPort: 8080 }]),
      endpointSlice('default', 'svc', [{ ip: '127.0.0.7' }]),
      ingress('default', 'ok', { rules: [{ host: 'ok.com', http: { paths: [prefix('/', 'svc')] } }] }),
      ingress('default', 'bad', {
        rules: [
          {
            host: 'bad.com',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('svc', 8080) }] },
          },
        ],
      }),
    ];
    const table = buildRouteTable(state(objects), options);
    expect(table.precise.has('bad.com')).toBe(true);
    expect(table.precise.get('bad.com')?.routes).toHaveLength(0);
    expect(table.problems).toContainEqual({
      level: 'error',
      msg: 'Cannot create service',
      fields: {
        error: 'service port not found',
        ingress: 'bad',
        namespace: 'default',
        providerName: 'kubernetes',
        serviceName: 'svc',
        servicePort: '8080',
      },
    });
    expect(table.notes).toContainEqual({
      level: 'info',
      msg: 'Serving Ingress',
      fields: {
        ingress: 'ok',
        namespace: 'default',
        providerName: 'kubernetes',
        routers: 'default-ok-ok-com@kubernetes',
      },
    });
    expect(table.notes.map((n) => n.fields.ingress)).not.toContain('bad');
    expect(route(objects, { host: 'ok.com' })?.target.servers).toEqual(['http://127.0.0.7:8080']);
  });

  it('reports a missing Service and drops its route', () => {
    const table = buildRouteTable(
      state([ingress('default', 'i', { rules: [{ http: { paths: [prefix('/', 'ghost')] } }] })]),
      options,
    );
    expect(table.hostless.routes).toHaveLength(0);
    expect(table.problems[0]?.msg).toBe('Cannot create service');
    expect(table.problems[0]?.fields).toMatchObject({
      error: 'service not found',
      serviceName: 'ghost',
      ingress: 'i',
      namespace: 'default',
    });
  });

  it('uses only ready endpoints, and keeps an empty Service only with allowEmptyServices', () => {
    const objects = [
      service('default', 'svc'),
      endpointSlice('default', 'svc', [
        { ip: '127.0.0.8', ready: false },
        { ip: '127.0.0.9', ready: true },
      ]),
      service('default', 'empty'),
      endpointSlice('default', 'empty', [{ ip: '127.0.0.10', ready: false }]),
      ingress('default', 'i', { rules: [{ http: { paths: [prefix('/a', 'svc'), prefix('/b', 'empty')] } }] }),
    ];
    expect(route(objects, { path: '/a' })?.target.servers).toEqual(['http://127.0.0.9:8080']);
    expect(route(objects, { path: '/b' })?.target.servers).toEqual([]);
    const strict = buildRouteTable(state(objects), { allowEmptyServices: false });
    expect(strict.hostless.routes.map((r) => r.target.service)).toEqual(['svc']);
    expect(strict.problems.map((p) => p.msg)).toContain('Skipping service: no endpoints found');
    // Kept with allowEmptyServices, and said so: the router answers 503 until a Pod is ready.
    const kept = buildRouteTable(state(objects), options);
    expect(kept.problems).toContainEqual({
      level: 'warn',
      msg: 'No endpoints found for service; its router answers 503',
      fields: {
        ingress: 'i',
        namespace: 'default',
        providerName: 'kubernetes',
        serviceName: 'empty',
        servicePort: '80',
      },
    });
  });

  it('notes each Ingress of another class it skips, and why', () => {
    const objects = [
      service('default', 'svc'),
      ingress('default', 'other', {
        ingressClassName: 'nginx',
        rules: [{ http: { paths: [prefix('/', 'svc')] } }],
      }),
    ];
    const table = buildRouteTable(state(objects), options);
    expect(table.notes).toContainEqual({
      level: 'info',
      msg: 'Skipping Ingress of another class',
      fields: {
        ingress: 'other',
        namespace: 'default',
        providerName: 'kubernetes',
        reason: expect.stringContaining('ingressClassName nginx is not an IngressClass of this controller'),
      },
    });
    expect(table.served).toHaveLength(0);
  });

  it('talks https upstream when the Service port is 443 or named https*', () => {
    const objects = [
      service('default', 'tls', [{ name: 'https-api', port: 8443 }]),
      endpointSlice('default', 'tls', [{ ip: '127.0.0.11' }], [{ name: 'https-api', port: 8443 }]),
      ingress('default', 'i', {
        rules: [
          { http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('tls', 'https-api') }] } },
        ],
      }),
    ];
    expect(route(objects, {})?.target.servers).toEqual(['https://127.0.0.11:8443']);
  });
});

describe('router annotations', () => {
  it('attaches a router only to the entry points named in router.entrypoints', () => {
    const objects = [
      ...services,
      ingress(
        'default',
        'i',
        { rules: [{ http: { paths: [prefix('/', 's1')] } }] },
        {
          'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
        },
      ),
    ];
    expect(route(objects, { entryPoint: 'web' })).toBeUndefined();
    expect(route(objects, { entryPoint: 'websecure', tls: true })?.target.service).toBe('s1');
  });

  it('answers a router.tls router only on TLS connections', () => {
    const objects = [
      ...services,
      ingress(
        'default',
        'i',
        { rules: [{ http: { paths: [prefix('/', 's1')] } }] },
        {
          'traefik.ingress.kubernetes.io/router.tls': 'true',
        },
      ),
    ];
    expect(route(objects, { tls: false })).toBeUndefined();
    expect(route(objects, { tls: true })?.target.service).toBe('s1');
  });

  it('disables a router whose middleware does not exist, and logs it', () => {
    const annotations = { 'traefik.ingress.kubernetes.io/router.middlewares': 'default-strip@kubernetescrd' };
    const objects = [
      ...services,
      ingress('default', 'i', { rules: [{ http: { paths: [prefix('/api', 's1')] } }] }, annotations),
    ];
    const table = buildRouteTable(state(objects), options);
    expect(table.hostless.routes).toHaveLength(0);
    expect(table.problems.map((p) => p.msg)).toContain(
      'middleware "default-strip@kubernetescrd" does not exist',
    );
    const withMiddleware = [
      ...objects,
      middleware('default', 'strip', { stripPrefix: { prefixes: ['/api'] } }),
    ];
    expect(route(withMiddleware, { path: '/api' })?.middlewares).toEqual(['default-strip@kubernetescrd']);
  });
});
