// Every row of the Kubernetes docs' path-matching table (reference §4.3), run through the real
// route table and matcher: each rule path gets its own Service, so the answer names the winner.
import { describe, expect, it } from 'vitest';
import { backendService, ingress, state } from '../test-fixtures.ts';
import { matchRoute } from './match.ts';
import type { PathType } from './path-match.ts';
import { buildRouteTable } from './route-table.ts';

interface Row {
  rules: Array<[PathType, string]>;
  requests: string[];
  /** Index into rules of the path that must win, or null for "no match". */
  expected: number | null;
}

// "(all paths)" in the docs is sampled with a few representative paths.
const table: Row[] = [
  { rules: [['Prefix', '/']], requests: ['/', '/foo', '/aaa/bbb/', '/x/y/z'], expected: 0 },
  { rules: [['Exact', '/foo']], requests: ['/foo'], expected: 0 },
  { rules: [['Exact', '/foo']], requests: ['/bar'], expected: null },
  { rules: [['Exact', '/foo']], requests: ['/foo/'], expected: null },
  { rules: [['Exact', '/foo/']], requests: ['/foo'], expected: null },
  { rules: [['Prefix', '/foo']], requests: ['/foo', '/foo/'], expected: 0 },
  { rules: [['Prefix', '/foo/']], requests: ['/foo', '/foo/'], expected: 0 },
  { rules: [['Prefix', '/aaa/bb']], requests: ['/aaa/bbb'], expected: null },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbb'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb/']], requests: ['/aaa/bbb'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbb/'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbb/ccc'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbbxyz'], expected: null },
  {
    rules: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
    ],
    requests: ['/aaa/ccc'],
    expected: 1,
  },
  {
    rules: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
      ['Prefix', '/aaa/bbb'],
    ],
    requests: ['/aaa/bbb'],
    expected: 2,
  },
  {
    rules: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
      ['Prefix', '/aaa/bbb'],
    ],
    requests: ['/ccc'],
    expected: 0,
  },
  { rules: [['Prefix', '/aaa']], requests: ['/ccc'], expected: null },
  {
    rules: [
      ['Prefix', '/foo'],
      ['Exact', '/foo'],
    ],
    requests: ['/foo'],
    expected: 1,
  },
];

function describeRow(row: Row): string {
  const rules = row.rules.map(([t, p]) => `${t} ${p}`).join(', ');
  const outcome =
    row.expected === null ? 'no rule' : `${row.rules[row.expected]?.[0]} ${row.rules[row.expected]?.[1]}`;
  return `[${rules}] sends ${row.requests.join(', ')} to ${outcome}`;
}

describe('the Kubernetes docs path-matching table, with strict prefix matching', () => {
  for (const row of table) {
    it(describeRow(row), () => {
      const objects = row.rules.flatMap((_, i) => backendService('default', `svc-${i}`, `127.0.0.${i + 2}`));
      const paths = row.rules.map(([pathType, path], i) => ({
        path,
        pathType,
        backend: { service: { name: `svc-${i}`, port: { number: 80 } } },
      }));
      const routes = buildRouteTable(
        state([...objects, ingress('default', 'paths', { rules: [{ http: { paths } }] })]),
        {
          allowEmptyServices: true,
        },
      );
      for (const path of row.requests) {
        const route = matchRoute(
          routes,
          { host: 'example.com', path, entryPoint: 'web', tls: false },
          { strictPrefix: true },
        );
        expect(route?.target.service ?? null, `request ${path}`).toBe(
          row.expected === null ? null : `svc-${row.expected}`,
        );
      }
    });
  }
});

describe('Traefik default (non-strict) prefix matching', () => {
  it('matches a plain string prefix, so /aaa/bbb catches /aaa/bbbxyz', () => {
    const objects = backendService('default', 'svc', '127.0.0.2');
    const routes = buildRouteTable(
      state([
        ...objects,
        ingress('default', 'p', {
          rules: [
            {
              http: {
                paths: [
                  {
                    path: '/aaa/bbb',
                    pathType: 'Prefix',
                    backend: { service: { name: 'svc', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        }),
      ]),
      { allowEmptyServices: true },
    );
    const facts = { host: 'x', path: '/aaa/bbbxyz', entryPoint: 'web', tls: false };
    expect(matchRoute(routes, facts, { strictPrefix: false })?.target.service).toBe('svc');
    expect(matchRoute(routes, facts, { strictPrefix: true })).toBeUndefined();
  });
});
