import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const service = (name: string, type: string, ports: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  type: ${type}\n  ports:\n${ports}`;

describe('nodePort rules', () => {
  it('says a nodePort outside 30000–32767 is refused and how to get one assigned', async () => {
    const diagnostics = await lintWith(service('web', 'NodePort', '    - port: 80\n      nodePort: 40000\n'));
    expect(diagnostics).toMatchObject([
      {
        line: 8,
        col: 17,
        severity: 'error',
        rule: 'node-port-range',
        message: 'nodePort 40000 is outside 30000–32767; leave it out to get one assigned',
      },
    ]);
  });

  it('reports the same nodePort twice in one Service', async () => {
    const diagnostics = await lintWith(
      service(
        'web',
        'NodePort',
        '    - {name: a, port: 80, nodePort: 30000}\n    - {name: b, port: 81, nodePort: 30000}\n',
      ),
    );
    expect(diagnostics).toMatchObject([
      {
        line: 8,
        rule: 'duplicate-node-port',
        message: 'nodePort 30000 is already used by spec.ports[0] of this Service',
      },
    ]);
  });

  it('reports a nodePort another Service of the lab already uses, in any namespace', async () => {
    const diagnostics = await lintWith(
      service('web', 'NodePort', '    - {port: 80, nodePort: 30000}\n'),
      `${service('other', 'NodePort', '    - {port: 8080, nodePort: 30000}\n').replace('{name: other}', '{name: other, namespace: elsewhere}')}`,
    );
    expect(diagnostics).toMatchObject([
      {
        rule: 'duplicate-node-port',
        message: 'nodePort 30000 is also used by Service "other"; node ports are shared by the whole cluster',
      },
    ]);
  });

  it('refuses a nodePort on a ClusterIP Service', async () => {
    const diagnostics = await lintWith(service('web', 'ClusterIP', '    - {port: 80, nodePort: 30000}\n'));
    expect(diagnostics).toMatchObject([{ rule: 'node-port-on-cluster-ip', line: 7, col: 18 }]);
  });

  it('accepts nodePorts in range that nobody else uses', async () => {
    const diagnostics = await lintWith(service('web', 'NodePort', '    - {port: 8080, nodePort: 30000}\n'));
    expect(diagnostics).toEqual([]);
  });
});
