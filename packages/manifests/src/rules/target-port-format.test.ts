import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const service = (targetPort: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    - port: 80\n      targetPort: ${targetPort}\n`;

describe('targetPort format', () => {
  it('refuses a quoted number and says to drop the quotes or use a named port', async () => {
    const diagnostics = await lintWith(service('"8080"'));
    expect(diagnostics).toMatchObject([
      {
        line: 7,
        col: 19,
        rule: 'target-port-string',
        hint: 'write targetPort: 8080 without quotes, or use a named container port (targetPort: http)',
      },
    ]);
  });

  it('refuses a named targetPort longer than 15 characters', async () => {
    const diagnostics = await lintWith(service('my-very-long-port'));
    expect(diagnostics).toMatchObject([
      {
        rule: 'target-port-name-invalid',
        message:
          'targetPort "my-very-long-port" is not a valid port name: it must be no more than 15 characters',
      },
    ]);
  });

  it('accepts a number and a valid name', async () => {
    expect(await lintWith(service('8080'))).toEqual([]);
    expect(await lintWith(service('http'))).toEqual([]);
  });
});
