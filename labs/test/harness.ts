// The labs' self-tests drive the `lab` command exactly as a learner does (`lab start`, `lab grade`),
// as child processes, against a sim cluster of their own: a temp state dir (WORKSHOP_STATE_DIR), the
// sim runtime, and a daemon with its own address plan and ephemeral entry ports, so nothing collides
// with a developer's cluster or another test file.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Document, parseDocument } from 'yaml';
import { LAB_BIN, LABS_DIR, RANDOM_NETWORK_DAEMON } from './paths.ts';

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

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Graded extends Run {
  report: GradeReport;
  failed: string[];
  passed: string[];
}

export interface LabCluster {
  /** Runs `lab <args>` against this test's cluster. */
  lab(args: string[], timeoutMs?: number): Promise<Run>;
  /** `lab grade <id> --json [extra]`, with the report parsed. */
  grade(id: string, extra?: string[]): Promise<Graded>;
  /** A copy of a lab's solution/ with one file edited: a learner's likely mistake, for `--dir`. */
  mutate(folder: string, file: string, edit: (doc: Document) => void): string;
  /** Stops the cluster and removes every temp dir. Safe to repeat. */
  stop(): Promise<void>;
}

export function labCluster(): LabCluster {
  const stateDir = mkdtempSync(join(tmpdir(), 'labs-selftest-'));
  const temps: string[] = [stateDir];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WORKSHOP_STATE_DIR: stateDir,
    WORKSHOP_RUNTIME: 'sim',
    WORKSHOP_SIM_DAEMON: RANDOM_NETWORK_DAEMON,
    NO_COLOR: '1',
  };
  // The tests read the scorecard and hints from stdout/stderr; GitHub annotations would add noise.
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;

  const lab = (args: string[], timeoutMs = 180_000): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [LAB_BIN, ...args],
        { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });

  return {
    lab,
    async grade(id, extra = []) {
      const run = await lab(['grade', id, '--json', ...extra]);
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
    mutate(folder, file, edit) {
      const dir = mkdtempSync(join(tmpdir(), `labs-submission-${folder}-`));
      temps.push(dir);
      cpSync(join(LABS_DIR, folder, 'solution'), dir, { recursive: true });
      const path = join(dir, file);
      const doc = parseDocument(readFileSync(path, 'utf8'));
      edit(doc);
      writeFileSync(path, doc.toString());
      return dir;
    },
    async stop() {
      await lab(['cluster', 'down'], 60_000);
      for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-line summary for assertion messages: `3/10 (stage checks); failed: a, b`. */
export function summary(graded: Graded): string {
  const { report } = graded;
  return `${report.score}/${report.maxScore} (stage ${report.stage}); failed: ${graded.failed.join(' | ') || 'none'}${report.problem ? `; problem: ${report.problem.message}` : ''}`;
}
