// The labs' self-tests drive the `lab` command exactly as a learner does (`lab start`, `lab grade`),
// as child processes, on the sim cluster that test/global-setup.ts started for all of them. A harness
// is bound to ONE lab: it starts and grades only that lab, and its mistakes are copies of that lab's
// solution naming no namespace, graded with --dir (untrusted: the lab policy allows only the lab's
// own namespaces), so one file's submissions cannot land in another lab's namespace.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Document, parseDocument } from 'yaml';
import { labEnv, type Run, runLab } from './lab-cli.ts';
import { LABS_DIR } from './paths.ts';

export type { Run } from './lab-cli.ts';

/** What `lab grade --json` prints on stdout (the grader's GradeReport, the parts the tests read). */
export interface GradeReport {
  lab: string;
  submission: string;
  stage: 'lint' | 'policy' | 'apply' | 'wait' | 'checks';
  score: number;
  maxScore: number;
  passed: boolean;
  checks: Array<{
    title: string;
    points: number;
    maxPoints: number;
    status: 'passed' | 'failed' | 'skipped';
    message?: string;
    hint: string;
  }>;
  diagnostics: Array<{ rule: string; severity: string; message: string; file: string }>;
  problem?: { stage: string; message: string };
}

export interface Graded extends Run {
  report: GradeReport;
  failed: string[];
  passed: string[];
}

export interface LabSelfTest {
  /** `lab start <id>` on the shared cluster. */
  start(): Promise<Run>;
  /** `lab grade <id> --json [extra]`, with the report parsed. */
  grade(extra?: string[]): Promise<Graded>;
  /** A copy of the lab's solution/ with one file edited: a learner's likely mistake, for `--dir`. */
  mutate(file: string, edit: (doc: Document) => void): string;
  /**
   * A grade to run ahead of its test, alongside the others: only for a mistake the lint stops, which
   * applies nothing to the namespace the other grades use. `start()` launches it (once); `result()`
   * launches it if needed and returns its outcome.
   */
  ahead(grade: () => Promise<Graded>): { start(): void; result(): Promise<Graded> };
  /** Removes this file's temp dirs (the shared cluster is global-setup's). Safe to repeat. */
  cleanup(): void;
}

/** The harness for one lab folder (`01-clusterip`); call it at the top of the lab's test file. */
export function labSelfTest(folder: string): LabSelfTest {
  const id = folder.slice(0, 2);
  const stateDir = inject('labsStateDir');
  if (!stateDir) {
    throw new Error(
      "no shared cluster: the labs' self-tests expect test/global-setup.ts to provide labsStateDir; run them with labs/vitest.config.ts (cd labs && npx vitest run test/)",
    );
  }
  const env = labEnv(stateDir);
  const temps: string[] = [];

  return {
    start: () => runLab(['start', id], env),
    async grade(extra = []) {
      const run = await runLab(['grade', id, '--json', ...extra], env);
      let report: GradeReport;
      try {
        report = JSON.parse(run.stdout) as GradeReport;
      } catch (error) {
        throw new Error(
          `lab grade ${id} ${extra.join(' ')} printed no JSON report (exit ${run.code}); stderr:\n${run.stderr}`,
          { cause: error },
        );
      }
      const titles = (status: string) => report.checks.filter((c) => c.status === status).map((c) => c.title);
      return { ...run, report, failed: titles('failed'), passed: titles('passed') };
    },
    mutate(file, edit) {
      const dir = mkdtempSync(join(tmpdir(), `labs-submission-${folder}-`));
      temps.push(dir);
      cpSync(join(LABS_DIR, folder, 'solution'), dir, { recursive: true });
      const path = join(dir, file);
      const doc = parseDocument(readFileSync(path, 'utf8'));
      edit(doc);
      const namespace = doc.getIn(['metadata', 'namespace']);
      if (namespace !== undefined) {
        throw new Error(
          `a mistake for lab ${id} names namespace ${String(namespace)} in ${file}; submissions name none (the lab command puts them in the lab's namespace), so remove metadata.namespace from the edit`,
        );
      }
      writeFileSync(path, doc.toString());
      return dir;
    },
    ahead(grade) {
      let running: Promise<Graded> | undefined;
      const start = () => {
        running ??= Promise.resolve().then(grade);
        // Awaited by result(); until then a failure must not count as an unhandled rejection.
        running.catch(() => undefined);
        return running;
      };
      return { start: () => void start(), result: start };
    },
    cleanup() {
      for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-line summary for assertion messages: `3/10 (stage checks); failed: a, b`. */
export function summary(graded: Graded): string {
  const { report } = graded;
  return `${report.score}/${report.maxScore} (stage ${report.stage}); failed: ${graded.failed.join(' | ') || 'none'}${report.problem ? `; problem: ${report.problem.message}` : ''}`;
}
