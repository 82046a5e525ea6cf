// `lab grade <id> [--solution | --dir <path>] [--reporter …] [--json]`: lint → policy → apply →
// wait → checks → report, on whatever runtime the cluster runs (started here if needed, as
// `lab start` does). Exit 0 only on full marks, 1 below, 2 usage, 3 environment.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { gradeLab, ReporterName } from '@workshop/grader';
import { RuntimeError } from '@workshop/runtime';
import { Command, Option } from 'commander';
import { CliError, EXIT, usageError } from '../errors.ts';
import {
  applyFolder,
  createNamespaces,
  type LabTarget,
  labNamespaces,
  removeOtherLabsIngresses,
  runLabScript,
} from '../labs/deploy.ts';
import { importLabModule } from '../labs/lab-module.ts';
import { exerciseFiles, type Lab, language, loadLabs, resolveLab } from '../labs/load.ts';
import { recordGrade } from '../progress/record.ts';
import { labsDir } from '../repo.ts';
import { openRuntime, type RuntimeFlags, type Session } from '../session.ts';
import { runtimeOptions } from './cluster.ts';

interface GradeFlags extends RuntimeFlags {
  solution?: boolean;
  lang?: string;
  dir?: string;
  reporter?: string;
  json?: boolean;
}

/** What to grade, and how paths in it are shown (GitHub annotations need checkout-relative paths). */
function submissionOf(session: Session, lab: Lab, flags: GradeFlags): { dir: string; root: string } {
  if (flags.solution && flags.dir) throw usageError('--solution and --dir exclude each other; pass one');
  if (flags.solution) {
    if (!existsSync(lab.paths.solution)) throw usageError(`${lab.shown} has no solution/ folder`);
    return { dir: lab.paths.solution, root: session.repoRoot };
  }
  if (flags.dir) {
    const root = resolve(flags.dir);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw usageError(
        `--dir ${flags.dir} is not a directory; pass a checkout of the workshop or a folder of manifests`,
      );
    }
    const inCheckout = join(root, 'labs', lab.folder, 'exercise');
    return existsSync(inCheckout) ? { dir: inCheckout, root } : { dir: root, root: process.cwd() };
  }
  exerciseFiles(lab);
  return { dir: lab.paths.exercise, root: session.repoRoot };
}

function shower(root: string): (file: string) => string {
  return (file) => {
    if (!isAbsolute(file)) return file;
    const rel = relative(root, file);
    return rel.startsWith('..') ? file : rel || '.';
  };
}

async function prepare(session: Session, lab: Lab, flags: GradeFlags): Promise<LabTarget> {
  const { runtime } = await openRuntime(session, flags, { remember: true });
  let status: LabTarget['status'];
  try {
    status = await runtime.up();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(
      `no cluster to grade on: ${message}; run npx lab start ${lab.id} first`,
      EXIT.environment,
      { cause: error },
    );
  }
  const kube = await runtime.client();
  const target: LabTarget = { lab, runtime, status, kube, progress: session.progress };
  await removeOtherLabsIngresses(target, loadLabs(labsDir(session.env)));
  // A lab that was never started gets what `lab start` gives it: namespaces, base/, setup.ts.
  const missing = [];
  for (const ns of labNamespaces(target)) {
    if (!(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ns }))) missing.push(ns);
  }
  if (missing.length) {
    session.progress.info(`lab ${lab.id} is not started yet; starting it as npx lab start ${lab.id} would`);
    await createNamespaces(target);
    await applyFolder(target, lab.paths.base, "Deploying the lab's base");
    await runLabScript(target);
  }
  return target;
}

/** The grader, loaded when a grade runs (other commands need none of it). */
async function loadGrader() {
  const grader = await import('@workshop/grader');
  return {
    backendImage: grader.backendImage,
    gradeLab: grader.gradeLab,
    defaultReporters: grader.defaultReporters,
    parseReporters: grader.parseReporters,
    writeReports: grader.writeReports,
  };
}

export function gradeCommand(session: Session): Command {
  return runtimeOptions(
    new Command('grade')
      .argument('<lab>', 'lab id or slug: 1, 01, 01-clusterip or clusterip')
      .option('--solution', 'grade the reference solution instead of your exercise files')
      .option(
        '--dir <path>',
        "grade another checkout's labs/<id>/exercise (or a folder of manifests); untrusted",
      )
      .addOption(
        new Option(
          '--reporter <list>',
          'add reports to the scorecard: json, junit, github, classroom (comma-separated; console is always shown)',
        ).default(undefined, 'console (+ github in GitHub Actions)'),
      )
      .option('--json', 'print the report as JSON on stdout (the scorecard goes to stderr)')
      .option('--lang <code>', 'language of check titles and hints: en, ko (default: from LANG)')
      .description('grade your work on a lab: lint, apply, wait, checks, scorecard with hints'),
  ).action(async (query: string, flags: GradeFlags) => {
    const { backendImage, defaultReporters, gradeLab, parseReporters, writeReports } = await loadGrader();
    const lab = resolveLab(labsDir(session.env), query, language(flags.lang, session.env));
    const submission = submissionOf(session, lab, flags);
    let reporters: ReporterName[];
    try {
      reporters = flags.reporter ? parseReporters(flags.reporter) : defaultReporters(session.env);
    } catch (error) {
      throw usageError((error as Error).message);
    }
    const untrusted = !!flags.dir || !!session.env.CI;
    const target = await prepare(session, lab, flags);
    const workshopDir = session.workshopDir ?? join(session.repoRoot, '.workshop');
    let report: Awaited<ReturnType<typeof gradeLab>>;
    try {
      report = await gradeLab({
        lab,
        submission: submission.dir,
        untrusted,
        kube: target.kube,
        runtime: target.runtime,
        context: {
          kubeconfig: target.status.kubeconfig,
          context: target.status.context,
          entryPoints: {
            http: target.status.http,
            https: target.status.https,
            nodePortHost: target.status.nodePortHost,
          },
          probeImage: target.runtime.image(backendImage(session.repoRoot)),
        },
        progress: session.progress,
        show: shower(submission.root),
        importModule: importLabModule,
      });
    } catch (error) {
      if (error instanceof RuntimeError && error.environment) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (/ECONNREFUSED|cannot reach the API server/.test(message)) {
        throw new CliError(
          `the cluster stopped answering: ${message}; run npx lab start ${lab.id}`,
          EXIT.environment,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    writeReports(report, {
      reporters,
      resultsDir: join(workshopDir, 'results'),
      json: flags.json,
      env: session.env,
    });
    // The learner's own exercise counts towards `lab progress`; the reference solution and another
    // checkout's files do not.
    if (!flags.solution && !flags.dir) {
      recordGrade(workshopDir, {
        lab: lab.id,
        score: report.score,
        maxScore: report.maxScore,
        passed: report.passed,
        at: new Date().toISOString(),
      });
    }
    process.exitCode = report.passed ? EXIT.ok : EXIT.failure;
  });
}
