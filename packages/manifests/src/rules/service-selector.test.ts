import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../lint.ts';
import { deployment, lintWith } from './testing.ts';

const lab = fileURLToPath(new URL('../../test/fixtures/lab-02/', import.meta.url));
const service = (selector: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: api-service}\nspec:\n  selector: ${selector}\n  ports: [{port: 80, targetPort: 8080}]\n`;

describe('a Service selector that matches no Pod template of the lab', () => {
  it('names the selector and the labels the backend Pods really have (lab 02)', async () => {
    const { diagnostics } = await lintFiles([`${lab}exercise`], { context: [`${lab}base`] });
    expect(diagnostics).toMatchObject([
      {
        file: `${lab}exercise/service.yaml`,
        // At the wrong value (app: MyApp), not at selector:
        line: 7,
        col: 10,
        severity: 'error',
        rule: 'selector-matches-nothing',
        message:
          'Service "api-service" selects {app: MyApp} but the Pods of Deployment "backend" are labelled {app: backend}',
      },
    ]);
  });

  it('points at a key the Pods do not carry when no value is merely different', async () => {
    const diagnostics = await lintWith(
      'apiVersion: v1\nkind: Service\nmetadata: {name: api-service}\nspec:\n  selector:\n    app: backend\n    role: web\n  ports: [{port: 80, targetPort: 8080}]\n',
      deployment('backend', '{app: backend}'),
    );
    expect(diagnostics[0]).toMatchObject({ line: 7, col: 5, rule: 'selector-matches-nothing' });
  });

  it('points out that labels compare case-sensitively', async () => {
    const diagnostics = await lintWith(service('{app: Backend}'), deployment('backend', '{app: backend}'));
    expect(diagnostics[0]?.hint).toContain(
      'labels match case-sensitively: the selector says app: Backend but the Pods have app: backend',
    );
  });

  it("points out a selector copied from the Deployment's own labels instead of the Pod template's", async () => {
    const context = deployment('backend', '{app: backend}').replace(
      'metadata: {name: backend}',
      'metadata: {name: backend, labels: {team: payments}}',
    );
    const diagnostics = await lintWith(service('{team: payments}'), context);
    expect(diagnostics[0]?.hint).toContain("matches the Deployment's own labels, but a Service selects Pods");
  });

  it('needs every selector key to match: one shared label is not enough', async () => {
    const diagnostics = await lintWith(
      service('{app: backend, tier: api}'),
      deployment('backend', '{app: backend}'),
    );
    expect(diagnostics).toMatchObject([{ rule: 'selector-matches-nothing' }]);
  });

  it('says when the Pods it selects run in another namespace than the Service', async () => {
    const shop = deployment('catalog', '{app: catalog}').replace(
      'metadata: {name: catalog}',
      'metadata: {name: catalog, namespace: lab-03-shop}',
    );
    const elsewhere = service('{app: catalog}').replace(
      '{name: api-service}',
      '{name: catalog, namespace: shop}',
    );
    const diagnostics = await lintWith(elsewhere, `${deployment('api', '{app: api}')}---\n${shop}`);
    expect(diagnostics).toMatchObject([
      {
        line: 3,
        rule: 'selector-matches-nothing',
        message:
          'Service "catalog" is in namespace shop, but the Pods it selects, {app: catalog}, are those of Deployment "catalog" in namespace lab-03-shop',
      },
    ]);
    // In the Pods' namespace, or with no namespace (the lab's own), it is quiet.
    expect(await lintWith(elsewhere.replace('namespace: shop', 'namespace: lab-03-shop'), shop)).toEqual([]);
    expect(await lintWith(elsewhere.replace(', namespace: shop', ''), shop)).toEqual([]);
  });

  it('is quiet when the selector matches a Pod template', async () => {
    expect(
      await lintWith(service('{app: backend}'), deployment('backend', '{app: backend, tier: api}')),
    ).toEqual([]);
  });

  it('is quiet when the lab context has no workloads to compare with', async () => {
    expect(await lintWith(service('{app: MyApp}'))).toEqual([]);
  });
});
