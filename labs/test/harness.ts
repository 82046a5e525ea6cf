// Drives the `lab` command exactly as a learner does (`lab start`, `lab grade`), as child processes,
// on the sim cluster that test/global-setup.ts started for every lab. A harness is bound to ONE lab:
// it starts and grades only that lab, and its mistakes are copies of that lab's solution naming no
// namespace but the lab's own (lab.yaml's namespaces, mapped by the lab command), graded with --dir
// (untrusted: the lab policy allows only the lab's own namespaces), so one lab's submissions cannot
// land in another lab's namespace. A mistake stopped at lint or policy may name any namespace: it
// shows what the tooling says about it, and nothing is applied.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GradeReport } from '@workshop/grader';
import { loadLab, parseFieldPath } from '@workshop/lab';
import { inject } from 'vitest';
import { parseDocument } from 'yaml';
import { labEnv, type Run, runLab } from './lab-cli.ts';

export type { Run } from './lab-cli.ts';

export interface Graded extends Run {
  report: GradeReport;
  /** Ids of the checks that failed, in lab.yaml's order. */
  failed: string[];
  passed: string[];
}

/** An edit of one solution file: YAML paths to set and to delete. */
export interface Edit {
  file: string;
  set?: Record<string, unknown>;
  delete?: string[];
  /** `lint` or `policy` when the mistake must stop there, before anything is applied. */
  stage?: string;
}

export interface LabSelfTest {
  env: NodeJS.ProcessEnv;
  /** `lab start <id>` on the shared cluster. */
  start(): Promise<Run>;
  /** `lab grade <id> --json [extra]`, with the report parsed. */
  grade(extra?: string[]): Promise<Graded>;
  /** A copy of the lab's solution/ with one file edited: a learner's likely mistake, for `--dir`. */
  mutate(edit: Edit): string;
  /** Removes this lab's temp dirs (the shared cluster is global-setup's). Safe to repeat. */
  cleanup(): void;
}

/** The harness for one lab folder (`01-clusterip`) in `labsDir`. */
export function labSelfTest(labsDir: string, folder: string): LabSelfTest {
  const id = folder.slice(0, 2);
  const lab = loadLab(labsDir, folder);
  const stateDir = inject('labsStateDir');
  if (!stateDir) {
    throw new Error(
      "no shared cluster: the labs' self-tests expect test/global-setup.ts to provide labsStateDir; run them with labs/vitest.config.ts (cd labs && npx vitest run test/)",
    );
  }
  const env = {
    ...labEnv(stateDir),
    WORKSHOP_LABS_DIR: labsDir,
    KUBECONFIG: inject('labsCluster').kubeconfig,
  };
  const temps: string[] = [];

  return {
    env,
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
      const ids = (status: string) => report.checks.filter((c) => c.status === status).map((c) => c.id);
      return { ...run, report, failed: ids('failed'), passed: ids('passed') };
    },
    mutate(edit) {
      const dir = mkdtempSync(join(tmpdir(), `labs-submission-${folder}-`));
      temps.push(dir);
      cpSync(join(labsDir, folder, 'solution'), dir, { recursive: true });
      const path = join(dir, edit.file);
      const doc = parseDocument(readFileSync(path, 'utf8'));
      for (const [field, value] of Object.entries(edit.set ?? {})) doc.setIn(parseFieldPath(field), value);
      for (const field of edit.delete ?? []) {
        const at = parseFieldPath(field);
        if (!doc.hasIn(at)) throw new Error(`${folder}/solution/${edit.file} has no ${field} to delete`);
        doc.deleteIn(at);
      }
      const namespace = doc.getIn(['metadata', 'namespace']);
      const stopsEarly = edit.stage === 'lint' || edit.stage === 'policy';
      if (namespace !== undefined && !stopsEarly && !lab.namespaces.includes(String(namespace))) {
        throw new Error(
          `a mistake for lab ${id} names namespace ${String(namespace)} in ${edit.file}; submissions name none but the lab's own (${lab.namespaces.join(', ')}), which the lab command maps, so change metadata.namespace in the edit`,
        );
      }
      writeFileSync(path, doc.toString());
      return dir;
    },
    cleanup() {
      for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-line summary for assertion messages: `3/10 (stage checks); failed: a, b`. */
export function summary(graded: Graded): string {
  const { report } = graded;
  return `${report.score}/${report.maxScore} (stage ${report.stage}); failed: ${graded.failed.join(', ') || 'none'}${report.problem ? `; problem: ${report.problem.message}` : ''}`;
}
