import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const ingress = (paths: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - http:
        paths:
${paths}`;
const backend = '            backend: {service: {name: web, port: {number: 80}}}\n';

describe('Ingress paths', () => {
  it('requires a pathType and lists the values that exist', async () => {
    const diagnostics = await lintWith(ingress(`          - path: /api\n${backend}`));
    expect(diagnostics).toMatchObject([
      {
        line: 8,
        col: 13,
        severity: 'error',
        rule: 'path-type-missing',
        message:
          'path "/api" has no pathType; networking.k8s.io/v1 requires one of Exact, Prefix, ImplementationSpecific',
      },
    ]);
    expect(diagnostics[0]?.hint).toContain(
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it('requires a path to start with /', async () => {
    const diagnostics = await lintWith(
      ingress(`          - path: api\n            pathType: Prefix\n${backend}`),
    );
    expect(diagnostics).toMatchObject([
      { rule: 'path-not-absolute', message: 'path "api" must start with "/"', line: 8, col: 19 },
    ]);
  });

  it('explains that /* is a glob habit and Prefix / already matches everything', async () => {
    const diagnostics = await lintWith(
      ingress(`          - path: /*\n            pathType: Prefix\n${backend}`),
    );
    expect(diagnostics).toMatchObject([
      {
        rule: 'path-glob',
        hint: 'with pathType: Prefix, "/" already matches every path below it: write path: /',
      },
    ]);
  });

  it('suggests the prefix itself for /api/*', async () => {
    const diagnostics = await lintWith(
      ingress(`          - path: /api/*\n            pathType: Prefix\n${backend}`),
    );
    expect(diagnostics[0]?.hint).toBe(
      'with pathType: Prefix, "/api" already matches /api/ and everything below it: write path: /api',
    );
  });

  it('refuses // in an Exact or Prefix path', async () => {
    const diagnostics = await lintWith(
      ingress(`          - path: /a//b\n            pathType: Exact\n${backend}`),
    );
    expect(diagnostics).toMatchObject([
      { rule: 'path-invalid', message: `path "/a//b" must not contain '//'` },
    ]);
  });

  it('accepts well-formed paths', async () => {
    const paths = `          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
          - {path: /kube, pathType: Exact, backend: {service: {name: web, port: {name: http}}}}
`;
    expect(await lintWith(ingress(paths))).toEqual([]);
  });
});
