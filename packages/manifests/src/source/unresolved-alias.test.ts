import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse-manifests.ts';

const ingress = (host: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hosts
spec:
  rules:
    - host: ${host}
      http:
        paths: []
`;

describe('an unquoted "*" value', () => {
  it('reports an unquoted wildcard host at its line, with the quoted form as the fix', () => {
    const { objects, diagnostics } = parseManifests(ingress('*.preview.example.com'), 'ingress.yaml');
    expect(objects).toEqual([]);
    expect(diagnostics).toMatchObject([{ rule: 'yaml-unquoted-star', severity: 'error', line: 7, col: 13 }]);
    expect(diagnostics[0]?.message).toBe(
      '*.preview.example.com is read as a YAML alias, not as a wildcard host: a plain value cannot start with "*"',
    );
    expect(diagnostics[0]?.hint).toBe('quote it: "*.preview.example.com"');
  });

  it('names the missing anchor of any other alias', () => {
    const { diagnostics } = parseManifests('a: *missing\n', 'x.yaml');
    expect(diagnostics).toMatchObject([{ rule: 'yaml-unquoted-star', line: 1, col: 4 }]);
    expect(diagnostics[0]?.message).toContain('no anchor &missing is defined before it');
  });

  it('leaves a quoted wildcard and an alias with its anchor alone', () => {
    expect(parseManifests(ingress('"*.preview.example.com"'), 'ingress.yaml').diagnostics).toEqual([]);
    const { objects, diagnostics } = parseManifests('a: &x 1\nb: *x\n', 'x.yaml');
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => o.value)).toEqual([{ a: 1, b: 1 }]);
  });
});
