import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { declaredChecks } from '../declared-checks.ts';
import { collectDeclaredChecks } from './in-process.ts';
import { runChecks } from './run-checks.ts';

const FILE = fileURLToPath(new URL('../../test/fixtures/runner/grade.test.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'grader-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Never contacted: these checks need no cluster, only a context that loads.
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
);

describe.each(['in-process', 'vitest'] as const)('runChecks with the %s runner', (runner) => {
  it('scores each check from its meta: points when it passes, 0 with the failure when it throws', async () => {
    const seen: string[] = [];
    const run = await runChecks({
      runner,
      testFile: FILE,
      cacheDir: join(dir, 'cache'),
      onResult: (r) => seen.push(r.title),
      context: {
        lab: '99',
        kubeconfig,
        labNamespaces: ['lab-99'],
        namespaces: ['lab-99'],
        entryPoints: { http: 'http://127.0.0.1:1', https: 'https://127.0.0.1:1', nodePortHost: '127.0.0.1' },
        probeImage: 'workshop/backend:0.1.0',
      },
    });
    expect(run.errors).toEqual([]);
    expect(seen).toHaveLength(3);
    const [first, second, third] = run.checks;
    expect(first).toMatchObject({
      title: 'The context names the lab namespace',
      points: 2,
      maxPoints: 2,
      status: 'passed',
      section: 'setup',
    });
    expect(second).toMatchObject({
      points: 0,
      maxPoints: 3,
      status: 'failed',
      hint: 'Look at the selector',
      message: 'Service "api-service" selects {app: MyApp} but the backend Pods are labelled {app: api}',
      expected: 'the backend Pods',
      observed: 'no Pods',
    });
    expect(third).toMatchObject({ points: 0, maxPoints: 1, status: 'failed', message: 'TypeError: boom' });
  }, 60_000);
});

describe('runChecks', () => {
  it('runs the file in process again on a second grade in the same process', async () => {
    const options = {
      runner: 'in-process' as const,
      testFile: FILE,
      cacheDir: join(dir, 'cache'),
      context: {
        lab: '99',
        kubeconfig,
        labNamespaces: ['lab-99'],
        namespaces: ['lab-99'],
        entryPoints: { http: 'http://127.0.0.1:1', https: 'https://127.0.0.1:1', nodePortHost: '127.0.0.1' },
        probeImage: 'workshop/backend:0.1.0',
      },
    };
    const first = await runChecks(options);
    const second = await runChecks(options);
    expect(second.checks.map((c) => [c.title, c.status])).toEqual(
      first.checks.map((c) => [c.title, c.status]),
    );
    expect(second.checks).toHaveLength(3);
  });

  it('reports a grade file that fails to load as an error, with no checks', async () => {
    const broken = join(dir, 'broken.grade.ts');
    writeFileSync(broken, "throw new Error('lab author typo');\n");
    const run = await runChecks({
      runner: 'in-process',
      testFile: broken,
      cacheDir: join(dir, 'cache'),
      context: {
        lab: '99',
        kubeconfig,
        labNamespaces: ['lab-99'],
        namespaces: ['lab-99'],
        entryPoints: { http: 'http://127.0.0.1:1', https: 'https://127.0.0.1:1', nodePortHost: '127.0.0.1' },
        probeImage: 'workshop/backend:0.1.0',
      },
    });
    expect(run.checks).toEqual([]);
    expect(run.errors).toEqual(['broken.grade.ts: lab author typo']);
  });

  it('collects the declared checks in process exactly as the TypeScript reading finds them', async () => {
    expect(await collectDeclaredChecks(FILE)).toEqual(await declaredChecks(FILE));
  });

  it('reads the declared checks without running the file, as the site does', async () => {
    expect(await declaredChecks(FILE)).toEqual([
      { title: 'The context names the lab namespace', points: 2, hint: 'nothing to do', section: 'setup' },
      {
        title: 'A failing check says expected vs observed',
        points: 3,
        hint: 'Look at the selector',
        section: 'selectors',
      },
      { title: 'A crashing check is a failure too', points: 1, hint: 'ask the lab author', section: 'setup' },
    ]);
  });
});
