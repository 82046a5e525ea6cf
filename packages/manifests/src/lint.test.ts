import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectManifestFiles, fromObject, lintFiles, lintText } from './lint.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

describe('the three mistakes from the study notes (CURRICULUM.md)', () => {
  it('catches nordPort with a located did-you-mean', async () => {
    const { diagnostics } = await lintFiles(['lab-04/exercise/service.yaml'], { cwd: fixtures });
    expect(diagnostics).toMatchObject([
      {
        line: 12,
        col: 7,
        rule: 'unknown-field',
        message: 'unknown field "nordPort" (did you mean "nodePort"?)',
      },
    ]);
  });

  it('catches targetPort 808 where the container listens on 8080', async () => {
    const { diagnostics } = await lintFiles(['lab-04/exercise'], { cwd: fixtures, context: ['lab-04/base'] });
    expect(diagnostics.map((d) => d.rule)).toEqual(['target-port-not-exposed', 'unknown-field']);
  });

  it('catches the extensions/v1beta1 Ingress with serviceName/servicePort and a /* path', async () => {
    const { diagnostics } = await lintFiles(['lab-08/exercise/ingress.yaml'], {
      cwd: fixtures,
      context: ['lab-08/base'],
    });
    expect(diagnostics.map((d) => `${d.line}:${d.col} ${d.rule}`)).toEqual([
      '1:13 removed-api-version',
      '9:13 path-type-missing',
      '9:19 path-glob',
      '11:15 legacy-ingress-field',
      '12:15 legacy-ingress-field',
      '13:13 path-type-missing',
      '15:15 legacy-ingress-field',
      '16:15 legacy-ingress-field',
      '16:28 backend-port-missing',
    ]);
  });
});

describe('lintFiles and lintText', () => {
  it('walks directories for .yaml and .yml files in a stable order', async () => {
    const { files } = await collectManifestFiles(['lab-08'], fixtures);
    expect(files.map((f) => f.slice(fixtures.length))).toEqual([
      'lab-08/base/services.yaml',
      'lab-08/exercise/ingress-v1-broken.yaml',
      'lab-08/exercise/ingress.yaml',
    ]);
  });

  it('lints a multi-document file whose middle document is broken: the others are still checked', async () => {
    const { diagnostics, objects } = await lintFiles(['hostile/multi-doc-broken.yaml'], { cwd: fixtures });
    expect(objects.map((o) => o.name)).toEqual(['first', 'third']);
    expect(diagnostics.some((d) => d.line === 15 && d.severity === 'error')).toBe(true);
    expect(diagnostics).toContainEqual(expect.objectContaining({ line: 23, rule: 'unknown-field' }));
  });

  it('accepts plain objects as lab context', async () => {
    const backend = fromObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'backend' },
      spec: { template: { metadata: { labels: { app: 'backend' } }, spec: { containers: [] } } },
    });
    const { diagnostics } = await lintText(
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: MyApp}, ports: [{port: 80}]}\n',
      { context: [backend] },
    );
    expect(diagnostics).toMatchObject([{ file: '<input>', rule: 'selector-matches-nothing' }]);
  });

  it('leaves out the findings of the rules a break-fix lab skips, and only those', async () => {
    const backend = fromObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'backend' },
      spec: { template: { metadata: { labels: { app: 'backend' } }, spec: { containers: [] } } },
    });
    const text =
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: MyApp}, ports: [{port: 80, nordPort: 1}]}\n';
    const skipped = await lintText(text, { context: [backend], skip: ['selector-matches-nothing'] });
    expect(skipped.diagnostics.map((d) => d.rule)).toEqual(['unknown-field']);
    const all = await lintText(text, { context: [backend] });
    expect(all.diagnostics.map((d) => d.rule).sort()).toEqual(['selector-matches-nothing', 'unknown-field']);
  });

  it('says how networking.k8s.io/v1 writes a backend given in the v1beta1 form', async () => {
    const { diagnostics } = await lintText(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              serviceName: hello\n              servicePort: 80\n',
    );
    expect(diagnostics).toMatchObject([
      { line: 11, rule: 'unknown-field', message: 'unknown field "serviceName"' },
      { line: 12, rule: 'unknown-field', message: 'unknown field "servicePort"' },
    ]);
    expect(diagnostics[0]?.hint).toContain('backend.service.name');
    expect(diagnostics[1]?.hint).toContain('backend.service.port.number');
    expect(diagnostics.map((d) => d.hint).join()).not.toContain('fields here');
  });

  it('survives a manifest whose fields all have the wrong shapes', async () => {
    const { diagnostics } = await lintText(
      'apiVersion: v1\nkind: Service\nmetadata: [1]\nspec: {ports: 5, selector: [a], type: {x: 1}}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {rules: [{host: 5, http: {paths: [{path: 3, backend: 7}]}}], tls: 9}\n',
    );
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.rule !== 'internal-error')).toBe(true);
  });
});
