import { DOCS_PATH_TABLE } from '@workshop/sim/ingress/routing/docs-path-table.ts';
import { describe, expect, it } from 'vitest';
import { explainRoute, prefixMatches, routeFor } from './ingress-routing.ts';

const backend = (service: string) => ({ service: { name: service, port: { number: 80 } } });
const ingress = (paths: Array<{ path: string; pathType: string; service: string }>, host?: string) => ({
  spec: {
    rules: [
      {
        host,
        http: {
          paths: paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backend(p.service) })),
        },
      },
    ],
  },
});
const solution = ingress([
  { path: '/', pathType: 'Prefix', service: 'hello-world' },
  { path: '/kube', pathType: 'Prefix', service: 'hello-kubernetes' },
]);
const serviceFor = (i: Parameters<typeof routeFor>[0], path: string, host?: string) =>
  routeFor(i, path, host)?.service;

describe('prefixMatches', () => {
  it('compares whole path elements, so /kube covers /kube/x but not /kubex', () => {
    expect(prefixMatches('/kube', '/kube')).toBe(true);
    expect(prefixMatches('/kube', '/kube/')).toBe(true);
    expect(prefixMatches('/kube', '/kube/x')).toBe(true);
    expect(prefixMatches('/kube', '/kubex')).toBe(false);
    expect(prefixMatches('/kube/', '/kube')).toBe(true);
    expect(prefixMatches('/', '/anything')).toBe(true);
  });
});

describe('routeFor', () => {
  it('sends each path to the longest matching Prefix', () => {
    expect(serviceFor(solution, '/')).toBe('hello-world');
    expect(serviceFor(solution, '/kube')).toBe('hello-kubernetes');
    expect(serviceFor(solution, '/kube/x')).toBe('hello-kubernetes');
    expect(serviceFor(solution, '/kubex')).toBe('hello-world');
  });

  it('lets an Exact path match only itself and beat any Prefix', () => {
    const exact = ingress([
      { path: '/', pathType: 'Prefix', service: 'hello-world' },
      { path: '/kube', pathType: 'Exact', service: 'hello-kubernetes' },
      { path: '/kube', pathType: 'Prefix', service: 'other' },
    ]);
    expect(serviceFor(exact, '/kube')).toBe('hello-kubernetes');
    expect(serviceFor(exact, '/kube/x')).toBe('other');
  });

  it('reads ImplementationSpecific as Prefix, as Traefik does', () => {
    const impl = ingress([{ path: '/kube', pathType: 'ImplementationSpecific', service: 'k' }]);
    expect(serviceFor(impl, '/kube/x')).toBe('k');
    expect(serviceFor(impl, '/')).toBeUndefined();
  });

  it('matches no path when no rule claims it and there is no default backend', () => {
    const onlyKube = ingress([{ path: '/kube', pathType: 'Prefix', service: 'hello-kubernetes' }]);
    expect(serviceFor(onlyKube, '/kubex')).toBeUndefined();
    expect(
      serviceFor({ spec: { defaultBackend: backend('fallback'), rules: onlyKube.spec.rules } }, '/kubex'),
    ).toBe('fallback');
  });

  it('prefers an exact host over a wildcard over host-less rules, and a wildcard covers one label', () => {
    const hosts = {
      spec: {
        rules: [
          ...ingress([{ path: '/', pathType: 'Prefix', service: 'exact' }], 'a.example.com').spec.rules,
          ...ingress([{ path: '/', pathType: 'Prefix', service: 'wild' }], '*.example.com').spec.rules,
          ...ingress([{ path: '/', pathType: 'Prefix', service: 'any' }]).spec.rules,
        ],
      },
    };
    expect(serviceFor(hosts, '/', 'a.example.com')).toBe('exact');
    expect(serviceFor(hosts, '/', 'b.example.com')).toBe('wild');
    expect(serviceFor(hosts, '/', 'x.b.example.com')).toBe('any');
    expect(serviceFor(hosts, '/', 'example.com')).toBe('any');
  });
});

// The sim's ingress controller is tested against the same rows: both read the spec the same way.
describe('routeFor against every row of the Kubernetes docs path-matching table', () => {
  for (const row of DOCS_PATH_TABLE) {
    const rules = row.rules.map(([pathType, path]) => `${pathType} ${path}`).join(', ');
    it(`[${rules}] sends ${row.requests.join(', ')} to ${row.expected === null ? 'no rule' : `rule ${row.expected}`}`, () => {
      const paths = row.rules.map(([pathType, path], i) => ({ path, pathType, service: `svc-${i}` }));
      for (const request of row.requests) {
        expect(serviceFor(ingress(paths), request), `request ${request}`).toBe(
          row.expected === null ? undefined : `svc-${row.expected}`,
        );
      }
    });
  }
});

describe('explainRoute', () => {
  it('names the path that won and why each other path did not', () => {
    const spec = {
      spec: {
        rules: [
          ...ingress([{ path: '/', pathType: 'Prefix', service: 'other-host' }], 'a.example.com').spec.rules,
          ...ingress([
            { path: '/', pathType: 'Prefix', service: 'root' },
            { path: '/kube', pathType: 'Prefix', service: 'kube' },
            { path: '/kubex', pathType: 'Prefix', service: 'kubex' },
            { path: '/kube/y', pathType: 'Exact', service: 'exact' },
          ]).spec.rules,
        ],
      },
    };
    const route = explainRoute(spec, '/kube/x', 'b.example.com');
    expect(route.backend?.service).toBe('kube');
    expect(route.hostGroup).toBe('host-less rule');
    expect(route.matched).toMatchObject({ path: '/kube', pathType: 'Prefix' });
    const why = new Map(route.misses.map((m) => [m.backend?.service, m.why]));
    expect(why.get('other-host')).toContain('is not the request');
    expect(why.get('root')).toContain('a longer prefix wins');
    expect(why.get('kubex')).toContain('does not match');
    expect(why.get('exact')).toContain('is not /kube/x');
    expect(explainRoute(spec, '/kube/y').misses.find((m) => m.path === '/kube')?.why).toContain(
      'an Exact path wins',
    );
  });
});
