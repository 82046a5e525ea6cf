// `lab grade` as a library: lint → policy → apply (replacing the last submission) → settle → checks,
// returning one GradeReport. A stage that fails stops the pipeline and the checks score 0.
import { existsSync } from 'node:fs';
import type { KubeClient } from '@workshop/kube';
import { type ImportModule, type Lab, loadCheckFunctions } from '@workshop/lab';
import { checkPolicy, type Diagnostic, lintFiles } from '@workshop/manifests';
import type { Progress } from '@workshop/runtime';
import type { GradeContextData } from '../context-data.ts';
import type { LabChecks } from '../define-checks.ts';
import { type CheckResult, type GradeReport, notRun, type Stage, totals } from '../report.ts';
import { runChecks } from '../run/run-checks.ts';
import { ApplyRejected, applySubmission } from './apply-submission.ts';
import { fieldLocator } from './field-location.ts';
import { settle } from './settle.ts';

export interface GradeLabOptions {
  /** The lab as @workshop/lab loaded it, its strings in the language of the report. */
  lab: Lab;
  /** The folder of manifests to grade (exercise/, solution/, or another checkout's). */
  submission: string;
  /** Check the submission against the lab's policy before anything is applied. */
  untrusted: boolean;
  kube: KubeClient;
  runtime: { namespace(labNamespace: string): string; image(reference: string): string };
  /** What the checks need to reach the cluster (kubeconfig, entry points, probe image). */
  context: Omit<GradeContextData, 'lab' | 'labNamespaces' | 'namespaces' | 'submissionFiles'>;
  progress: Progress;
  /** How a path is shown (relative to the repository). */
  show(file: string): string;
  onCheck?(result: CheckResult): void;
  /** How the lab's checks.ts is loaded (the lab command bundles it); default import(). */
  importModule?: ImportModule;
}

export async function gradeLab(options: GradeLabOptions): Promise<GradeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const { lab, progress, show } = options;
  const namespaces = lab.namespaces.map((ns) => options.runtime.namespace(ns));
  const report: GradeReport = {
    lab: lab.id,
    title: lab.title,
    lang: lab.lang,
    submission: show(options.submission),
    files: [],
    stage: 'lint',
    score: 0,
    maxScore: lab.maxScore,
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
    () =>
      lintFiles([options.submission], {
        context: existsSync(lab.paths.base) ? [lab.paths.base] : [],
        skip: lab.lintSkip,
      }),
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
    return finish(notRun(lab.checks, 'fix the lint errors first'), 'lint');
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
      return finish(notRun(lab.checks, 'the submission was refused by the lab policy'), 'policy');
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
    return finish(notRun(lab.checks, 'the API server refused the submission'), 'apply');
  }
  for (const a of applied.applied) if (a.action !== 'unchanged') progress.info(`${a.ref} ${a.action}`);
  for (const d of applied.deleted) progress.info(`${d} deleted (no longer in the submission)`);

  report.notes.push(
    ...(await progress.step('Waiting for the submission to settle', () =>
      settle(options.kube, applied.objects),
    )),
  );

  let functions: LabChecks;
  try {
    functions = (await loadCheckFunctions(lab, options.importModule)) as LabChecks;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report.problem = { stage: 'checks', message };
    return finish(notRun(lab.checks, "the lab's checks.ts could not be loaded"), 'checks');
  }
  const run = await progress.step('Running the checks', () =>
    runChecks({
      lab,
      functions,
      onResult: options.onCheck,
      locate: fieldLocator(options.submission, show),
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
  return finish(run.checks, 'checks');
}
