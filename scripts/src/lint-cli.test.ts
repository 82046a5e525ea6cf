// `lab lint` from the command line: located messages, the submission policy (--untrusted, --lab),
// and --help on every command the CLI lists.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, labRunner } from '../test/lab-process.ts';

const state = mkdtempSync(join(tmpdir(), 'lab-lint-cli-'));
const lab = labRunner(state);

afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('lab lint', () => {
  it('passes a clean manifest and fails a typo with a located message', async () => {
    expect((await lab(['lint', join(FIXTURES, 'labs/01-hello/solution')])).code).toBe(0);
    const bad = join(state, 'service-typo.yaml');
    writeFileSync(
      bad,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nordPort: 30000\n',
    );
    const result = await lab(['lint', bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('nordPort');
  });
});

describe('lab <command> --help', () => {
  it('answers for every command lab --help lists, with its usage, and exits 0', async () => {
    const top = await lab(['--help']);
    expect(top.code).toBe(0);
    const section = top.stdout.split('Commands:')[1] ?? '';
    const commands = [...section.matchAll(/^ {2}([a-z]+)\b/gm)]
      .map((m) => m[1] as string)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['lint', 'grade', 'start', 'doctor']));
    const helps = await Promise.all(commands.map((command) => lab([command, '--help'])));
    for (const [i, command] of commands.entries()) {
      const help = helps[i] ?? { code: -1, stdout: '', stderr: '' };
      expect(help.code, `lab ${command} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout, `lab ${command} --help`).toMatch(new RegExp(`^Usage: lab ${command}\\b`));
    }
  }, 120_000);
});

describe('lab lint --untrusted: what a submission may not create, refused with its rule named', () => {
  const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
  const container = '  containers:\n    - name: c\n      image: workshop/backend:1.0.0\n';
  const cases: Array<[string, string, string]> = [
    [
      'a Service in kube-system',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: kube-system\nspec:\n  ports:\n    - port: 80\n',
      'policy/namespace',
    ],
    [
      'a privileged Pod',
      pod(`${container}      securityContext:\n        privileged: true\n`),
      'policy/privileged',
    ],
    ['hostNetwork', pod(`  hostNetwork: true\n${container}`), 'policy/host-network'],
    [
      'a hostPath volume',
      pod(`${container}  volumes:\n    - name: root\n      hostPath:\n        path: /\n`),
      'policy/host-path',
    ],
    [
      'a ClusterRoleBinding',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: admin\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: User\n    name: me\n    apiGroup: rbac.authorization.k8s.io\n',
      'policy/cluster-scoped',
    ],
    [
      'a hostPort',
      pod(`${container}      ports:\n        - containerPort: 8080\n          hostPort: 80\n`),
      'policy/host-port',
    ],
    [
      'an image outside the allowed list',
      pod('  containers:\n    - name: c\n      image: nginx:1.27\n'),
      'policy/image',
    ],
  ];
  for (const [what, yaml, rule] of cases) {
    it(`refuses ${what} (${rule})`, async () => {
      const file = join(state, `untrusted-${rule.replace('/', '-')}.yaml`);
      writeFileSync(file, yaml);
      const result = await lab(['lint', '--untrusted', file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`${rule}: `);
      // Without --untrusted the same file is only linted: the policy is what refuses it.
      expect((await lab(['lint', file])).stdout).not.toContain(`${rule}: `);
    });
  }

  it("uses a lab's own policy with --lab: its namespaces are allowed, others are not", async () => {
    const file = join(state, 'untrusted-lab-namespace.yaml');
    const service = (ns: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n`;
    writeFileSync(file, service('lab-99'));
    const other = await lab(['lint', '--lab', '01', file]);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('policy/namespace: Service "web" is in namespace lab-99');
    const unknown = await lab(['lint', '--lab', '42', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^lab: unknown lab "42"/);
  });
});
