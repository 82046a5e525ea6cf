// `lab grade` end to end: the real CLI (scripts/bin/lab.mjs) on the fixture lab test/fixtures/labs/01-tiny,
// against a sim cluster reached as the `existing` runtime. Full marks exit 0; a broken submission exits
// 1 with the hint; lint errors and policy refusals stop before apply; API rejections name the file.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service, startTestCluster, type TestCluster } from './sim-cluster.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let cluster: TestCluster;
let env: NodeJS.ProcessEnv;

function lab(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, 'scripts/bin/lab.mjs'), ...args],
      { cwd: REPO, env: { ...env, ...extra }, timeout: 170_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  cluster = await startTestCluster();
  // Something else already holds nodePort 30008, so a submission asking for it is refused by the API.
  await cluster.kube.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'elsewhere' } },
    service('elsewhere', 'holder', { app: 'none' }, { type: 'NodePort', nodePort: 30008 }),
  ]);
  const { CI: _ci, GITHUB_ACTIONS: _gha, GITHUB_STEP_SUMMARY: _s, GITHUB_OUTPUT: _o, ...rest } = process.env;
  env = {
    ...rest,
    NO_COLOR: '1',
    KUBECONFIG: cluster.sim.kubeconfigPath,
    WORKSHOP_RUNTIME: 'existing',
    WORKSHOP_STATE_DIR: join(cluster.stateDir, 'workshop'),
    WORKSHOP_LABS_DIR: join(FIXTURES, 'labs'),
    WORKSHOP_HTTP_URL: cluster.sim.entryPoints.http,
    WORKSHOP_HTTPS_URL: cluster.sim.entryPoints.https,
    WORKSHOP_NODEPORT_HOST: cluster.sim.nodePortHost,
  };
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe('lab grade', () => {
  it('gives full marks to the solution, exits 0 and writes every report', async () => {
    const summary = join(cluster.stateDir, 'summary.md');
    const output = join(cluster.stateDir, 'github-output');
    const run = await lab(['grade', '01', '--solution', '--reporter', 'console,junit,github,classroom'], {
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
    });
    expect(run.stdout).toContain('Score: 9/9 (100%)');
    expect(run.stdout).toMatch(/ ✓ Requests through the Service reach both Pods\s+2\/2/);
    expect(run.stdout).toContain('::notice title=Autograding complete::Points 9/9');
    expect(run.code).toBe(0);
    // The lab was never started: grade started it as `lab start` would.
    expect(run.stderr).toContain("Deploying the lab's base");
    const results = join(env.WORKSHOP_STATE_DIR ?? '', 'results');
    const report = JSON.parse(readFileSync(join(results, '01.json'), 'utf8'));
    expect(report).toMatchObject({ lab: '01', score: 9, maxScore: 9, passed: true, stage: 'checks' });
    expect(readFileSync(join(results, '01.junit.xml'), 'utf8')).toContain('tests="6" failures="0"');
    expect(run.stdout).toContain(`JUnit report: ${join(results, '01.junit.xml')}\n`);
    expect(run.stdout).toContain(`job summary: ${summary}\n`);
    expect(readFileSync(summary, 'utf8')).toContain(
      "### ✅ Lab 01: A tiny lab for the grader's own tests — 9/9 points",
    );
    const encoded = /^result=(.+)$/m.exec(readFileSync(output, 'utf8'))?.[1] ?? '';
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toMatchObject({
      status: 'pass',
      max_score: 9,
    });
  }, 180_000);

  it('scores a broken exercise below full marks, exits 1 and shows the failure with its hint', async () => {
    const run = await lab(['grade', 'tiny', '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.score).toBe(6);
    expect(run.stderr).toMatch(
      / ✗ Service "web" exists and is a NodePort\s+0\/1\n {5}expected Service "web" of type NodePort, observed type ClusterIP\n {5}at \S+\/01-tiny\/exercise\/service-web\.yaml:7:3 \(spec\.type\)\n {5}hint: Apply exercise\/service-web.yaml with type: NodePort/,
    );
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.code).toBe(1);
    expect(report.lang).toBe('en');
    expect(report.checks.find((c: { id: string }) => c.id === 'selects')).toMatchObject({
      hintLevels: 2,
      hasFix: true,
    });
    // The previous submission's Service was replaced, not merged: its nodePort is gone.
    const svc = await cluster.kube.get({
      apiVersion: 'v1',
      kind: 'Service',
      name: 'web',
      namespace: 'lab-tiny',
    });
    expect((svc?.spec as { type?: string } | undefined)?.type).toBe('ClusterIP');
    expect(svc?.metadata.labels?.['workshop.dev/submitted-by']).toBe('lab-grade');
  }, 180_000);

  it('scores in Korean with --lang ko or a Korean LANG, English where the overlay is silent', async () => {
    const flag = await lab(['grade', '01', '--json', '--lang', 'ko']);
    const report = JSON.parse(flag.stdout);
    expect(report.lang).toBe('ko');
    expect(report.title).toBe('채점기 자체 테스트용 작은 실습');
    expect(flag.stderr).toMatch(/ ✗ Service "web"이 있고 NodePort다\s+0\/1\n/);
    expect(flag.stderr).toContain('hint: exercise/service-web.yaml을 type: NodePort로 적용하세요');
    // Not translated: the English title stays.
    expect(flag.stderr).toContain('The NodePort answers from the host, from both Pods');
    const env = await lab(['grade', '01', '--json'], { LANG: 'ko_KR.UTF-8' });
    expect(JSON.parse(env.stdout).lang).toBe('ko');
  }, 180_000);

  it('stops at lint errors before applying anything, and prints them as file:line:col', async () => {
    const run = await lab(['grade', '01', '--dir', join(FIXTURES, 'submissions/lint-error')]);
    expect(run.stdout).toMatch(
      /service-web\.yaml:12:7 error unknown field "nordPort" \(did you mean "nodePort"\?\)/,
    );
    expect(run.stdout).toContain('the lint found errors, so nothing was applied');
    expect(run.stdout).toContain('Score: 0/9');
    expect(run.stderr).not.toContain('Applying');
    expect(run.stderr).toMatch(/ ✗ Linting \S+ \(\d+\.\ds\)/);
    expect(run.code).toBe(1);
  }, 120_000);

  it('refuses a hostile manifest under --dir with the policy rule named, and applies nothing', async () => {
    const run = await lab(['grade', '01', '--dir', join(FIXTURES, 'submissions/hostile')]);
    expect(run.stdout).toContain('error policy/host-path: Pod "escape" mounts hostPath /');
    expect(run.stdout).toContain('error policy/kind: Pod "escape" is not allowed in this lab');
    expect(run.code).toBe(1);
    expect(
      await cluster.kube.get({ apiVersion: 'v1', kind: 'Pod', name: 'escape', namespace: 'lab-tiny' }),
    ).toBeUndefined();
  }, 120_000);

  it('reports a submission the API server rejects with its message and file', async () => {
    const run = await lab([
      'grade',
      '01',
      '--dir',
      join(FIXTURES, 'submissions/rejected'),
      '--reporter',
      'github',
    ]);
    expect(run.stdout).toMatch(
      /::error file=packages\/grader\/test\/fixtures\/submissions\/rejected\/service-web\.yaml,line=12,col=17,title=lab grade%3A apply::Service "web" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 30008: provided port is already allocated/,
    );
    expect(run.code).toBe(1);
  }, 120_000);

  it('exits 2 for an unknown reporter and 3 when no cluster answers', async () => {
    const usage = await lab(['grade', '01', '--reporter', 'tap']);
    expect(usage.stderr).toContain(
      'unknown reporter "tap"; choose from console, json, junit, github, classroom',
    );
    expect(usage.code).toBe(2);
    const dead = join(cluster.stateDir, 'dead-kubeconfig');
    writeFileSync(
      dead,
      readFileSync(cluster.sim.kubeconfigPath, 'utf8').replace(/server: \S+/, 'server: https://127.0.0.1:1'),
    );
    const down = await lab(['grade', '01'], { KUBECONFIG: dead });
    expect(down.stderr).toMatch(/^lab: .*does not answer.*\n/m);
    expect(down.code).toBe(3);
    expect(existsSync(dead)).toBe(true);
  }, 120_000);
});
