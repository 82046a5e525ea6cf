// The result of grading one submission: where the pipeline stopped, each check with its points, the
// lint/policy diagnostics, and the score. Every reporter renders this one shape.
import type { LabCheck } from '@workshop/lab';
import type { Diagnostic } from '@workshop/manifests';

export type Stage = 'lint' | 'policy' | 'apply' | 'wait' | 'checks';

export interface CheckResult {
  /** The check's id in lab.yaml. */
  id: string;
  title: string;
  /** The lesson heading id the check belongs to. */
  section: string;
  /** The first hint level; `lab hint` shows the others. */
  hint: string;
  /** How many hint levels the lab has for this check. */
  hintLevels: number;
  /** The lab can show the literal fix on request. */
  hasFix?: boolean;
  /** Points earned (0 or maxPoints: a check passes or fails as a whole). */
  points: number;
  maxPoints: number;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed: the sentence with expected vs observed. */
  message?: string;
  expected?: string;
  observed?: string;
  durationMs: number;
  /** Set when the pipeline stopped before the checks ran: the reason, shown once. */
  notRun?: string;
  /** The manifest field the check is about, where it is in the submission (for failed checks). */
  field?: { file: string; line: number; col: number; path: string };
}

export interface GradeReport {
  lab: string;
  title: string;
  /** The language of the titles and hints. */
  lang: string;
  /** What was graded, as shown: `labs/01-clusterip/exercise`. */
  submission: string;
  /** The submission's manifest files, as shown (relative to the repository or working directory). */
  files: string[];
  /** The stage the pipeline reached; `checks` when the checks ran. */
  stage: Stage;
  score: number;
  maxScore: number;
  /** Full marks. */
  passed: boolean;
  checks: CheckResult[];
  /** Lint and policy findings (errors stop before apply; warnings are kept). */
  diagnostics: Diagnostic[];
  /** Why the pipeline stopped before the checks, or what went wrong around them. */
  problem?: { stage: Stage; message: string; file?: string; line?: number; col?: number };
  /** Notes shown with the scorecard (e.g. a Deployment that did not become available). */
  notes: string[];
  startedAt: string;
  durationMs: number;
}

export function totals(checks: readonly CheckResult[]): { score: number; maxScore: number } {
  return {
    score: checks.reduce((sum, c) => sum + c.points, 0),
    maxScore: checks.reduce((sum, c) => sum + c.maxPoints, 0),
  };
}

/** The checks a lab declares, all failed with `reason`: what a stopped pipeline scores. */
export function notRun(checks: readonly LabCheck[], reason: string): CheckResult[] {
  return checks.map((c) => ({
    id: c.id,
    title: c.title,
    section: c.section,
    hint: c.hint[0] ?? '',
    hintLevels: c.hint.length,
    hasFix: !!c.fix,
    points: 0,
    maxPoints: c.points,
    status: 'failed',
    message: `not run: ${reason}`,
    durationMs: 0,
    notRun: reason,
  }));
}
