import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const service = (ports: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n${ports}`;

describe('Service port names', () => {
  it('requires a name on every port when a Service has several', async () => {
    const diagnostics = await lintWith(service('    - port: 80\n    - port: 443\n'));
    expect(diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [6, 'port-name-required', 'this Service has 2 ports, so spec.ports[0] needs a name'],
      [7, 'port-name-required', 'this Service has 2 ports, so spec.ports[1] needs a name'],
    ]);
  });

  it('refuses an uppercase or underscored port name and suggests a valid one', async () => {
    const diagnostics = await lintWith(service('    - {name: HTTP_web, port: 80}\n'));
    expect(diagnostics).toMatchObject([
      { rule: 'port-name-invalid', message: 'port name "HTTP_web" is not a lowercase RFC 1123 label' },
    ]);
    expect(diagnostics[0]?.hint).toContain('"http-web"');
  });

  it('refuses the same port name twice', async () => {
    const diagnostics = await lintWith(
      service('    - {name: http, port: 80}\n    - {name: http, port: 8080}\n'),
    );
    expect(diagnostics).toMatchObject([
      { line: 7, rule: 'port-name-duplicate', message: 'port name "http" is already used by spec.ports[0]' },
    ]);
  });

  it('accepts a single unnamed port', async () => {
    expect(await lintWith(service('    - port: 80\n'))).toEqual([]);
  });
});
