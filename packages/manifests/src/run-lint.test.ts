import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLintArgs, runLint } from './run-lint.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

function capture() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe('runLint', () => {
  it('prints located diagnostics relative to cwd and exits 1 on an error', async () => {
    const stdout = capture();
    const code = await runLint({
      paths: ['lab-04/exercise'],
      context: ['lab-04/base'],
      cwd: fixtures,
      stdout,
    });
    expect(code).toBe(1);
    expect(stdout.text()).toContain(
      'lab-04/exercise/service.yaml:12:7 error unknown field "nordPort" (did you mean "nodePort"?)\n',
    );
    expect(stdout.text()).toContain(
      'lab-04/exercise/service.yaml:11:19 warning targetPort 808 but the selected containers listen on 8080 (http)\n',
    );
    expect(stdout.text()).toMatch(/✗ 1 error, 1 warning in 1 file\n$/);
  });

  it('keeps the literal fix back unless --show-fixes asks for it', async () => {
    const plain = capture();
    await runLint({ paths: ['lab-04/exercise'], context: ['lab-04/base'], cwd: fixtures, stdout: plain });
    expect(plain.text()).not.toContain('set targetPort: 8080');
    expect(plain.text()).toContain(
      'one of these has a literal fix, which gives the answer away; to see it, add --show-fixes\n',
    );
    const shown = capture();
    const options = parseLintArgs(['lab-04/exercise', '--context', 'lab-04/base', '--show-fixes']);
    await runLint({ ...options, cwd: fixtures, stdout: shown });
    expect(shown.text()).toContain('  fix: set targetPort: 8080 (or its name: http)\n');
    expect(shown.text()).not.toContain('literal fix');
  });

  it('exits 0 when there are only warnings or nothing at all', async () => {
    const stdout = capture();
    expect(await runLint({ paths: ['lab-04/base'], cwd: fixtures, stdout })).toBe(0);
    expect(stdout.text()).toBe('✓ 1 file, no problems\n');
    expect(await runLint({ paths: ['hostile/empty.yaml'], cwd: fixtures, stdout: capture() })).toBe(0);
  });

  it('writes only JSON to stdout with --json', async () => {
    const stdout = capture();
    const code = await runLint({ paths: ['lab-04/exercise'], json: true, cwd: fixtures, stdout });
    expect(code).toBe(1);
    const report = JSON.parse(stdout.text());
    expect(report).toMatchObject({ errorCount: 1, files: ['lab-04/exercise/service.yaml'] });
  });

  it('applies the submission policy with --untrusted', async () => {
    const stdout = capture();
    const code = await runLint({
      paths: ['policy/host-path-deployment.yaml'],
      untrusted: true,
      policy: { allowedKinds: ['Deployment'], allowedImages: ['workshop/backend:*'] },
      cwd: fixtures,
      stdout,
    });
    expect(code).toBe(1);
    expect(stdout.text()).toContain('error policy/host-path: Deployment "x" mounts hostPath /etc');
  });

  it('uses the default untrusted policy when the lab gives none', async () => {
    const stdout = capture();
    expect(
      await runLint({ paths: ['policy/cluster-role-binding.yaml'], untrusted: true, cwd: fixtures, stdout }),
    ).toBe(1);
    expect(stdout.text()).toContain('policy/cluster-scoped');
  });

  it('exits 2 with a usage line when called wrongly', async () => {
    const stderr = capture();
    expect(await runLint({ paths: [], stderr, stdout: capture() })).toBe(2);
    expect(stderr.text()).toContain('usage: lab lint');
  });
});

describe('parseLintArgs', () => {
  it('reads paths, flags and repeated --context', () => {
    expect(
      parseLintArgs(['a.yaml', '--json', 'dir', '--untrusted', '--context', 'base', '--context=more']),
    ).toEqual({
      paths: ['a.yaml', 'dir'],
      json: true,
      untrusted: true,
      context: ['base', 'more'],
    });
  });

  it('refuses an unknown option with the usage', () => {
    expect(() => parseLintArgs(['--bogus'])).toThrow('unknown option --bogus; usage: lab lint');
  });
});
