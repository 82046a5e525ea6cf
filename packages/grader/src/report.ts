// The result of grading one submission: where the pipeline stopped, each check with its points, the
// lint/policy diagnostics, and the score. Every reporter renders this one shape.
import type { Diagnostic } from '@workshop/manifests';

export type Stage = 'lint' | 'policy' | 'apply' | 'wait' | 'checks';

export interface CheckResult {
  title: string;
  section: string;
  hint: string;
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
}

export interface GradeReport {
  lab: string;
  title: string;
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
export function notRun(
  declared: ReadonlyArray<{ title: string; points: number; hint: string; section: string }>,
  reason: string,
): CheckResult[] {
  return declared.map((c) => ({
    title: c.title,
    section: c.section,
    hint: c.hint,
    points: 0,
    maxPoints: c.points,
    status: 'failed',
    message: `not run: ${reason}`,
    durationMs: 0,
    notRun: reason,
  }));
}
