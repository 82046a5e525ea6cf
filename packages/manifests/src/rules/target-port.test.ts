import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../lint.ts';
import { deployment, lintWith } from './testing.ts';

const lab = fileURLToPath(new URL('../../test/fixtures/lab-04/', import.meta.url));
const service = (port: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: backend}\n  ports:\n    - ${port}\n`;

describe('targetPort against the selected containers', () => {
  it('warns that targetPort 808 is not the containerPort 8080 (lab 04)', async () => {
    const { diagnostics } = await lintFiles([`${lab}exercise/service.yaml`], { context: [`${lab}base`] });
    const mismatch = diagnostics.find((d) => d.rule === 'target-port-not-exposed');
    expect(mismatch).toMatchObject({
      line: 11,
      col: 19,
      severity: 'warning',
      message: 'targetPort 808 but the selected containers listen on 8080 (http)',
      hint: 'compare targetPort with the containerPort of Deployment "backend": traffic sent to a port nothing listens on is refused',
      // The answer itself only on request (lab lint --show-fixes).
      fix: 'set targetPort: 8080 (or its name: http)',
    });
  });

  it('checks the port itself when targetPort is left out', async () => {
    const diagnostics = await lintWith(service('port: 80'), deployment('backend', '{app: backend}'));
    expect(diagnostics).toMatchObject([
      {
        rule: 'target-port-not-exposed',
        message: 'targetPort 80 (defaulted from port) but the selected containers listen on 8080 (http)',
      },
    ]);
  });

  it('refuses a named targetPort that no selected container declares', async () => {
    const diagnostics = await lintWith(
      service('{port: 80, targetPort: web}'),
      deployment('backend', '{app: backend}'),
    );
    expect(diagnostics).toMatchObject([
      {
        severity: 'error',
        rule: 'named-target-port-missing',
        message: 'targetPort "web" names no container port of the selected Pods (they declare http: 8080)',
      },
    ]);
  });

  it('accepts a named targetPort a container declares, and a matching number', async () => {
    const context = deployment('backend', '{app: backend}');
    expect(await lintWith(service('{port: 80, targetPort: http}'), context)).toEqual([]);
    expect(await lintWith(service('{port: 80, targetPort: 8080}'), context)).toEqual([]);
  });

  it('says nothing when the containers declare no ports at all', async () => {
    const context = deployment('backend', '{app: backend}', '[]');
    expect(await lintWith(service('{port: 80, targetPort: 808}'), context)).toEqual([]);
  });
});
