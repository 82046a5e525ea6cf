// `lab grade` as a library: lint → policy → apply (replacing the last submission) → settle → checks,
// returning one GradeReport. A stage that fails stops the pipeline and the checks score 0.
import { existsSync } from 'node:fs';
import type { KubeClient } from '@workshop/kube';
import { checkPolicy, type Diagnostic, lintFiles } from '@workshop/manifests';
import type { Progress } from '@workshop/runtime';
import type { GradeContextData } from '../context-data.ts';
import { type DeclaredCheck, declaredChecks } from '../declared-checks.ts';
import { type CheckResult, type GradeReport, notRun, type Stage, totals } from '../report.ts';
import { runChecks, usesVitest } from '../run/run-checks.ts';
import { ApplyRejected, applySubmission } from './apply-submission.ts';
import { settle } from './settle.ts';

export interface GradedLab {
  id: string;
  title: string;
  /** lab.yaml's namespaces. */
  namespaces: string[];
  policy: { allowedKinds: string[]; allowedImages: string[] };
  /** The lab's base/ folder (context for the lint). */
  base: string;
  /** The lab's grade.test.ts (always the lab's own, never one from a submission). */
  gradeTest: string;
}

export interface GradeLabOptions {
  lab: GradedLab;
  /** The folder of manifests to grade (exercise/, solution/, or another checkout's). */
  submission: string;
  /** Check the submission against the lab's policy before anything is applied. */
  untrusted: boolean;
  kube: KubeClient;
  runtime: { namespace(labNamespace: string): string; image(reference: string): string };
  /** What the checks need to reach the cluster (kubeconfig, entry points, probe image). */
  context: Omit<GradeContextData, 'lab' | 'labNamespaces' | 'namespaces' | 'submissionFiles'>;
  progress: Progress;
  /** Where vitest keeps its cache. */
  cacheDir: string;
  /** How a path is shown (relative to the repository). */
  show(file: string): string;
  onCheck?(result: CheckResult): void;
}

export async function gradeLab(options: GradeLabOptions): Promise<GradeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const { lab, progress, show } = options;
  const namespaces = lab.namespaces.map((ns) => options.runtime.namespace(ns));
  // Read only when the checks do not run or do not all report: collected from the file's check()
  // calls, or with the TypeScript parser (~2 s) when the file cannot be collected in process.
  let declaredCache: DeclaredCheck[] | undefined;
  const declared = async () => {
    declaredCache ??= existsSync(lab.gradeTest) ? await readDeclared(lab.gradeTest) : [];
    return declaredCache;
  };
  const report: GradeReport = {
    lab: lab.id,
    title: lab.title,
    submission: show(options.submission),
    files: [],
    stage: 'lint',
    score: 0,
    maxScore: 0,
    passed: false,
    checks: [],
    diagnostics: [],
    notes: [],
    startedAt,
    durationMs: 0,
  };
  const finish = (checks: CheckResult[], stage: Stage): GradeReport => {
    const t = totals(checks);
    Object.assign(report, { checks, stage, score: t.score, maxScore: Math.max(t.maxScore, report.maxScore) });
    report.passed = report.maxScore > 0 && report.score === report.maxScore && !report.problem;
    report.durationMs = Math.round(performance.now() - started);
    return report;
  };
  const showDiagnostic = (d: Diagnostic): Diagnostic => ({ ...d, file: show(d.file) });

  const lint = await progress.step(
    `Linting ${report.submission}`,
    () => lintFiles([options.submission], { context: existsSync(lab.base) ? [lab.base] : [] }),
    { failed: (result) => result.diagnostics.some((d) => d.severity === 'error') },
  );
  report.files = lint.files.map(show);
  report.diagnostics = lint.diagnostics.map(showDiagnostic);
  const lintErrors = lint.diagnostics.filter((d) => d.severity === 'error');
  if (lintErrors.length) {
    report.problem = {
      stage: 'lint',
      message: `${lintErrors.length} lint error${lintErrors.length === 1 ? '' : 's'}`,
    };
    return finish(notRun(await declared(), 'fix the lint errors first'), 'lint');
  }

  if (options.untrusted) {
    const refused = checkPolicy(lint.objects, {
      allowedKinds: lab.policy.allowedKinds,
      allowedImages: lab.policy.allowedImages,
      namespaces: lab.namespaces,
    });
    report.diagnostics.push(
      ...refused
        .map(showDiagnostic)
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col),
    );
    if (refused.length) {
      const rules = [...new Set(refused.map((d) => d.rule))].join(', ');
      report.problem = { stage: 'policy', message: `refused by the lab policy (${rules})` };
      return finish(notRun(await declared(), 'the submission was refused by the lab policy'), 'policy');
    }
  }

  let applied: Awaited<ReturnType<typeof applySubmission>>;
  try {
    applied = await progress.step(`Applying ${report.submission} to ${namespaces.join(', ')}`, () =>
      applySubmission(
        lint.objects,
        {
          kube: options.kube,
          labNamespaces: lab.namespaces,
          mapNamespace: (ns) => options.runtime.namespace(ns),
          mapImage: (ref) => options.runtime.image(ref),
          allowedKinds: lab.policy.allowedKinds,
        },
        show,
      ),
    );
  } catch (error) {
    if (!(error instanceof ApplyRejected)) throw error;
    report.problem = {
      stage: 'apply',
      message: error.message,
      file: error.file,
      line: error.line,
      col: error.col,
    };
    return finish(notRun(await declared(), 'the API server refused the submission'), 'apply');
  }
  for (const a of applied.applied) if (a.action !== 'unchanged') progress.info(`${a.ref} ${a.action}`);
  for (const d of applied.deleted) progress.info(`${d} deleted (no longer in the submission)`);

  report.notes.push(
    ...(await progress.step('Waiting for the submission to settle', () =>
      settle(options.kube, applied.objects),
    )),
  );

  if (!existsSync(lab.gradeTest)) {
    report.problem = {
      stage: 'checks',
      message: `${show(lab.gradeTest)} does not exist, so this lab has no checks yet`,
    };
    return finish([], 'checks');
  }
  const run = await progress.step('Running the checks', () =>
    runChecks({
      testFile: lab.gradeTest,
      cacheDir: options.cacheDir,
      onResult: options.onCheck,
      context: {
        ...options.context,
        lab: lab.id,
        labNamespaces: lab.namespaces,
        namespaces,
        submissionFiles: lint.files,
      },
    }),
  );
  if (run.errors.length) {
    report.problem = { stage: 'checks', message: run.errors.join('; ') };
  }
  // A check the run never reported (a file that failed to load) still counts against the maximum.
  const missing = run.errors.length
    ? (await declared()).filter((d) => !run.checks.some((c) => c.title === d.title))
    : [];
  return finish([...run.checks, ...notRun(missing, run.errors[0] ?? 'it did not run')], 'checks');
}

async function readDeclared(gradeTest: string): Promise<DeclaredCheck[]> {
  if (!usesVitest(gradeTest)) {
    try {
      const { collectDeclaredChecks } = await import('../run/in-process.ts');
      return await collectDeclaredChecks(gradeTest);
    } catch {
      // A file that does not load still declares its checks in its text: read them from there.
    }
  }
  return declaredChecks(gradeTest);
}
