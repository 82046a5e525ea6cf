// Proves one lab from its data alone: `lab start` runs (and prints what selftest.yaml says), the
// shipped exercise fails exactly the checks selftest.yaml lists, the solution scores full marks,
// every runnable command in the lesson works as written, and each likely mistake trips the checks
// or lint rules it names while every other check still passes.
import { execFile } from 'node:child_process';
import {
  type Lab,
  lessonBlocks,
  loadLab,
  loadSelfTest,
  type Mistake,
  matchOutput,
  readLessonPage,
  type SelfTestData,
} from '@workshop/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Graded, labSelfTest, summary } from './harness.ts';
import { REPO_ROOT } from './paths.ts';
import { resolvedOnTestCluster } from './resolved-on-test-cluster.ts';

type Expectation = SelfTestData['exercise'];

const GRADE_MS = 150_000;

/** Declares the lab's self-test as one suite; suites of different labs run at the same time. */
export function proveLab(labsDir: string, folder: string): void {
  const lab = loadLab(labsDir, folder);
  const data = loadSelfTest(lab);
  const harness = labSelfTest(labsDir, folder);
  // A mistake the lint or the policy stops applies nothing, so it is graded alongside the rest.
  const early = new Map<Mistake, Promise<Graded>>();
  const gradeMistake = (mistake: Mistake) => harness.grade(['--dir', harness.mutate(mistake)]);

  describe(`lab ${folder}`, { concurrent: true }, () => {
    if (lab.policy.allowedKinds.includes('Ingress')) {
      // Ingress labs share the cluster's one entry point: they take turns, and each removes its
      // Ingresses when done, or the host-less rules of two labs would route each other's requests.
      let release: (() => void) | undefined;
      beforeAll(async () => {
        release = await entryPointTurn();
      }, 900_000);
      afterAll(async () => {
        try {
          await removeIngresses(lab, harness.env);
        } finally {
          release?.();
        }
      }, 60_000);
    }

    it.sequential('starts, deploying its base and running its setup', { timeout: 240_000 }, async () => {
      const run = await harness.start();
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`Then: npx lab grade ${lab.id}`);
      for (const pattern of data.start?.output ?? []) expect(run.stderr).toMatch(new RegExp(pattern));
      for (const mistake of data.mistakes.filter((m) => m.stage === 'lint' || m.stage === 'policy')) {
        const graded = gradeMistake(mistake);
        graded.catch(() => undefined);
        early.set(mistake, graded);
      }
    });

    it.sequential('fails the shipped exercise on exactly the checks its self-test names', {
      timeout: GRADE_MS,
    }, async () => {
      expectOutcome(lab, data.exercise, await harness.grade());
    });

    it.sequential('gives the solution full marks', { timeout: GRADE_MS }, async () => {
      const graded = await harness.grade(['--solution']);
      expect(graded.report.score, summary(graded)).toBe(lab.maxScore);
      expect(graded.report.maxScore).toBe(lab.maxScore);
      expect(graded.code).toBe(0);
    });

    it.sequential("runs the lesson's commands as written, against the solution", {
      timeout: GRADE_MS,
    }, async () => {
      await runLessonCommands(lab, harness.env);
    });

    for (const mistake of data.mistakes) {
      it.sequential(`catches a likely mistake: ${mistake.name}`, { timeout: GRADE_MS }, async () => {
        expectOutcome(lab, mistake, await (early.get(mistake) ?? gradeMistake(mistake)));
      });
    }

    it.sequential('cleans up its submissions', () => harness.cleanup());
  });
}

let lastTurn: Promise<void> = Promise.resolve();

/** Waits for the entry point to be free; resolves with the function that frees it again. */
function entryPointTurn(): Promise<() => void> {
  let release: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const before = lastTurn;
  lastTurn = before.then(() => mine);
  return before.then(() => release);
}

/** Deletes the Ingresses of the lab's namespaces (the namespaces and the rest stay). */
async function removeIngresses(lab: Lab, env: NodeJS.ProcessEnv): Promise<void> {
  for (const namespace of lab.namespaces) {
    const run = await shell(`kubectl delete ingress --all -n ${namespace} --wait=false`, env);
    if (run.code !== 0 && !/NotFound|No resources found/.test(run.output)) {
      throw new Error(`could not remove the Ingresses of ${namespace}: ${run.output}`);
    }
  }
}

function expectOutcome(lab: Lab, expected: Expectation, graded: Graded): void {
  const { report } = graded;
  const why = summary(graded);
  expect(report.stage, why).toBe(expected.stage ?? 'checks');
  expect(graded.code, why).toBe(1);
  const stopped = (expected.stage ?? 'checks') !== 'checks';
  const failing = stopped ? lab.checks.map((c) => c.id) : Object.keys(expected.fails ?? {});
  // In lab.yaml's order, so the message reads like the scorecard.
  expect(graded.failed, why).toEqual(lab.checks.map((c) => c.id).filter((id) => failing.includes(id)));
  if (stopped) for (const c of report.checks) expect(c.message, why).toMatch(/^not run: /);
  const points = lab.checks.filter((c) => !failing.includes(c.id)).reduce((sum, c) => sum + c.points, 0);
  expect(report.score, why).toBe(points);
  for (const [id, words] of Object.entries(expected.fails ?? {})) {
    const message = report.checks.find((c) => c.id === id)?.message ?? '';
    for (const word of words ?? []) {
      // `!words` must not appear: the message names only what went wrong.
      if (word.startsWith('!')) expect(message, `check ${id}`).not.toContain(word.slice(1));
      else expect(message, `check ${id}`).toContain(word);
    }
  }
  for (const rule of expected.lint ?? []) {
    const { rule: name, message } = typeof rule === 'string' ? { rule, message: undefined } : rule;
    const found = report.diagnostics.filter((d) => d.rule === name);
    expect(
      found.length,
      `lint rule ${name} among ${report.diagnostics.map((d) => d.rule).join(', ') || 'none'}`,
    ).toBeGreaterThan(0);
    if (message) expect(found.map((d) => d.message)).toContain(message);
  }
  for (const pattern of expected.output ?? []) expect(graded.stderr).toMatch(new RegExp(pattern));
}

/** Every `$ ` command of the lesson's runnable blocks, in page order, in a shell at the repository root. */
async function runLessonCommands(lab: Lab, env: NodeJS.ProcessEnv): Promise<void> {
  const page = readLessonPage(lab.lesson.file, 'en', REPO_ROOT);
  const blocks = lessonBlocks(page.body, page.bodyLine).filter((b) => !b.skip);
  for (const block of blocks) {
    for (const command of block.commands) {
      const where = `${page.shown}:${command.line}: $ ${command.command}`;
      const run = await shell(onTestCluster(command.command), env);
      if (command.expectError) expect(run.code, `${where}\n${run.output}`).not.toBe(0);
      else expect(run.code, `${where} exited ${run.code}:\n${run.output}`).toBe(0);
      const matched = matchOutput(command.output, run.output);
      expect(matched.ok ? '' : `no line like "${matched.missing}"`, `${where} printed:\n${run.output}`).toBe(
        '',
      );
    }
  }
}

/**
 * A lesson's command as it runs on the self-tests' cluster. Lessons name the addresses a learner's
 * cluster has (kind's mapped ports and the sim's defaults: node ports on localhost:30000–30009, the
 * ingress entry point on localhost, port 80); the self-tests' cluster runs on a random address plan
 * beside any other, so those addresses are moved to where its node ports and entry points are.
 */
export function onTestCluster(command: string): string {
  const { http, https, nodePortHost } = inject('labsCluster');
  const host = (url: string) => new URL(url).host;
  return resolvedOnTestCluster(command, https)
    .replace(/\b(?:localhost|127\.0\.0\.1):(3\d{4})\b/g, (_, port: string) => `${nodePortHost}:${port}`)
    .replace(/\bhttps:\/\/localhost(?::443)?(?=[/\s'"]|$)/g, `https://${host(https)}`)
    .replace(
      /\b(http:\/\/)?localhost(?::(?:80|8080))?(?=[/\s'"]|$)/g,
      (_, scheme = '') => `${scheme}${host(http)}`,
    );
}

function shell(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-o', 'pipefail', '-c', command],
      { cwd: REPO_ROOT, env, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
