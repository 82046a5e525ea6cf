// Every row of the Kubernetes docs' path-matching table (reference §4.3), run through the real
// route table and matcher: each rule path gets its own Service, so the answer names the winner.
import { describe, expect, it } from 'vitest';
import { backendService, ingress, state } from '../test-fixtures.ts';
import { type PathTableRow as Row, DOCS_PATH_TABLE as table } from './docs-path-table.ts';
import { matchRoute } from './match.ts';
import { buildRouteTable } from './route-table.ts';

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
