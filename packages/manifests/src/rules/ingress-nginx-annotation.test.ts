import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

function ingress(meta: string, spec = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
${meta}spec:
${spec}  defaultBackend: {service: {name: web, port: {number: 80}}}
`;
}
const web = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n';
const rewrite = '  annotations:\n    nginx.ingress.kubernetes.io/rewrite-target: /\n';

describe('ingress-nginx annotations on an Ingress that Traefik serves', () => {
  it('warns at the annotation key that rewrite-target does nothing under class traefik, and names the Middleware way', async () => {
    const diagnostics = await lintWith(ingress(rewrite, '  ingressClassName: traefik\n'), web);
    expect(diagnostics).toMatchObject([
      {
        line: 6,
        col: 5,
        severity: 'warning',
        rule: 'nginx-annotation-ignored',
        message:
          'nginx.ingress.kubernetes.io/rewrite-target has no effect: Ingress "api" is served by Traefik (class traefik), which ignores ingress-nginx annotations',
      },
    ]);
    expect(diagnostics[0]?.hint).toContain('stripPrefix or replacePathRegex');
    expect(diagnostics[0]?.hint).toContain(
      'traefik.ingress.kubernetes.io/router.middlewares: <namespace>-<name>@kubernetescrd',
    );
  });

  it('warns for an Ingress with no class, which the default class traefik serves', async () => {
    const diagnostics = await lintWith(ingress(rewrite), web);
    expect(diagnostics).toMatchObject([
      {
        rule: 'nginx-annotation-ignored',
        message: expect.stringContaining('(no class, so the default class traefik)'),
      },
    ]);
  });

  it('warns for the legacy class annotation traefik too, once per nginx annotation', async () => {
    const meta =
      '  annotations:\n    kubernetes.io/ingress.class: traefik\n    nginx.ingress.kubernetes.io/use-regex: "true"\n    nginx.ingress.kubernetes.io/ssl-redirect: "true"\n';
    const diagnostics = await lintWith(ingress(meta), web);
    expect(diagnostics.map((d) => d.hint)).toEqual([
      expect.stringContaining('replacePathRegex'),
      expect.stringContaining('redirectScheme'),
    ]);
  });

  it('says where Traefik annotations live for an annotation it has no specific advice for', async () => {
    const meta = '  annotations:\n    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n';
    const [diagnostic] = await lintWith(ingress(meta, '  ingressClassName: traefik\n'), web);
    expect(diagnostic?.hint).toContain('traefik.ingress.kubernetes.io/');
  });

  it('leaves an Ingress of the nginx class alone: there the annotation works', async () => {
    expect(await lintWith(ingress(rewrite, '  ingressClassName: nginx\n'), web)).toEqual([]);
    const legacy =
      '  annotations:\n    kubernetes.io/ingress.class: nginx\n    nginx.ingress.kubernetes.io/rewrite-target: /\n';
    expect(await lintWith(ingress(legacy), web)).toEqual([]);
  });

  it('accepts Traefik annotations on a traefik Ingress', async () => {
    const meta =
      '  annotations:\n    traefik.ingress.kubernetes.io/router.middlewares: lab-11-strip-api@kubernetescrd\n';
    expect(await lintWith(ingress(meta, '  ingressClassName: traefik\n'), web)).toEqual([]);
  });
});
