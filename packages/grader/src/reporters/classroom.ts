// GitHub Classroom: the runner-result JSON that classroom-resources/autograding-grading-reporter reads
// (base64 in `<RUNNER-ID>_RESULTS`, from a grader step's `result` output), plus the two notices that
// reporter itself emits (`Points X/Y`, and {"totalPoints","maxPoints"}), which Classroom reads.
import type { GradeReport } from '../report.ts';
import { escapeData } from './github.ts';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  message: string | null;
  test_code: string;
  filename: string;
  line_no: number;
  execution_time: string;
  score: number;
}

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

export function classroomResult(report: GradeReport): ClassroomResult {
  const tests: ClassroomTest[] = report.checks.map((c) => ({
    name: c.title,
    status: c.status === 'passed' ? 'pass' : 'fail',
    message: c.status === 'passed' ? null : `${c.message ?? 'failed'}${c.hint ? `\nhint: ${c.hint}` : ''}`,
    test_code: `lab grade ${report.lab}: ${c.section || 'check'}`,
    filename: c.field?.file ?? report.files[0] ?? '',
    line_no: c.field?.line ?? 0,
    execution_time: `${(c.durationMs / 1000).toFixed(2)}s`,
    score: c.points,
  }));
  // A pipeline that stopped before the checks is an error of the submission, not of the grader.
  const status = report.passed
    ? 'pass'
    : report.problem && report.stage !== 'checks' && tests.length === 0
      ? 'error'
      : 'fail';
  return { version: 1, status, max_score: report.maxScore, tests };
}

/** The value for `$GITHUB_OUTPUT`'s `result=` (what autograding-grading-reporter decodes). */
export function classroomOutput(report: GradeReport): string {
  return Buffer.from(JSON.stringify(classroomResult(report))).toString('base64');
}

/** The notices GitHub Classroom reads the score from. */
export function classroomNotices(report: GradeReport): string {
  return (
    `::notice title=Autograding complete::${escapeData(`Points ${report.score}/${report.maxScore}`)}\n` +
    `::notice title=Autograding report::${escapeData(JSON.stringify({ totalPoints: report.score, maxPoints: report.maxScore }))}\n`
  );
}
