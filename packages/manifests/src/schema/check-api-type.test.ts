import { describe, expect, it } from 'vitest';
import { lintText } from '../lint.ts';

async function lint(text: string) {
  return (await lintText(text, { file: 'x.yaml' })).diagnostics;
}

describe('apiVersion and kind', () => {
  it('reports a removed extensions/v1beta1 Ingress with the version to use and the fields to change', async () => {
    const diagnostics = await lint(`apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: hello}
spec:
  backend: {serviceName: hello-world, servicePort: 80}
`);
    const removed = diagnostics.find((d) => d.rule === 'removed-api-version');
    expect(removed).toMatchObject({
      line: 1,
      col: 13,
      message:
        'Ingress in extensions/v1beta1 is no longer served (removed in Kubernetes v1.22); use apiVersion networking.k8s.io/v1',
    });
    expect(removed?.hint).toContain('no matches for kind "Ingress" in version "extensions/v1beta1"');
    expect(removed?.hint).toContain('backend.serviceName becomes backend.service.name');
    expect(diagnostics.filter((d) => d.rule === 'legacy-ingress-field').map((d) => d.line)).toEqual([
      5, 5, 5,
    ]);
  });

  it('reports a networking.k8s.io/v1beta1 Ingress the same way', async () => {
    const diagnostics = await lint(
      'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: a}\n',
    );
    expect(diagnostics[0]?.message).toBe(
      'Ingress in networking.k8s.io/v1beta1 is no longer served (removed in Kubernetes v1.22); use apiVersion networking.k8s.io/v1',
    );
  });

  it('sends a Deployment in v1 to apps/v1 and still validates it against the apps/v1 schema', async () => {
    const diagnostics = await lint(`apiVersion: v1
kind: Deployment
metadata: {name: backend}
spec:
  replica: 3
`);
    expect(diagnostics.filter((d) => d.rule !== 'missing-field')).toMatchObject([
      {
        line: 1,
        col: 13,
        rule: 'unknown-api-version',
        message: 'Deployment is not served in apiVersion "v1"; use apiVersion apps/v1',
      },
      { line: 5, rule: 'unknown-field', message: 'unknown field "replica" (did you mean "replicas"?)' },
    ]);
  });

  it('reports a Deployment in extensions/v1beta1 as removed in v1.16, pointing to apps/v1', async () => {
    const diagnostics = await lint('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: a}\n');
    expect(diagnostics[0]?.message).toBe(
      'Deployment in extensions/v1beta1 is no longer served (removed in Kubernetes v1.16); use apiVersion apps/v1',
    );
  });

  it('corrects a wrong-case kind: service → Service', async () => {
    const diagnostics = await lint(
      'apiVersion: v1\nkind: service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n',
    );
    expect(diagnostics).toMatchObject([
      {
        line: 2,
        col: 7,
        rule: 'unknown-kind',
        message: 'kind "service" does not exist in v1; did you mean "Service"?',
      },
    ]);
  });

  it('corrects a wrong-case kind in the wrong version: ingress in v1 → Ingress in networking.k8s.io/v1', async () => {
    const diagnostics = await lint('apiVersion: v1\nkind: ingress\nmetadata: {name: a}\n');
    expect(diagnostics.map((d) => d.message)).toEqual([
      'Ingress is not served in apiVersion "v1"; use apiVersion networking.k8s.io/v1',
      'kind "ingress" does not exist; did you mean "Ingress"?',
    ]);
  });

  it('suggests the group for a typo such as app/v1', async () => {
    const diagnostics = await lint('apiVersion: app/v1\nkind: Deployment\nmetadata: {name: a}\n');
    expect(diagnostics[0]).toMatchObject({
      rule: 'unknown-api-version',
      message: 'apiVersion "app/v1" does not exist; use apiVersion apps/v1',
    });
  });

  it('lets custom resources such as a Traefik Middleware through without a schema', async () => {
    const diagnostics = await lint(`apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: strip-api}
spec:
  stripPrefix: {prefixes: [/api]}
`);
    expect(diagnostics).toEqual([]);
  });

  it('reports missing apiVersion and kind', async () => {
    const diagnostics = await lint('metadata: {name: a}\n');
    expect(diagnostics.map((d) => d.message)).toEqual([
      'missing required field "apiVersion"',
      'missing required field "kind"',
    ]);
  });
});
