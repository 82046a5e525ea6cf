// The learner's scorecard: ` ✓ title  2/2`, ` ✗ title  0/3` with the failure and ` hint: …` under it,
// lint diagnostics as `file:line:col error …`, then the total and the time. Colour only on a
// terminal and never with NO_COLOR.
import { formatDiagnostics } from '@workshop/manifests';
import type { GradeReport } from '../report.ts';

export interface ConsoleOptions {
  color?: boolean;
  /** Paths in diagnostics are shown relative to this directory. */
  cwd?: string;
}

export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

const STAGE_TEXT = {
  lint: 'the lint found errors, so nothing was applied',
  policy: 'the submission breaks the lab policy, so nothing was applied',
  apply: 'the API server refused the submission',
  wait: 'the submission did not settle',
  checks: '',
};

export function formatScorecard(report: GradeReport, options: ConsoleOptions = {}): string {
  const color = options.color ?? false;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const diagnostics = formatDiagnostics(report.diagnostics, { color, cwd: options.cwd });
  if (diagnostics) {
    lines.push(...diagnostics.trimEnd().split('\n'));
    // The literal fixes give the answer away: they are one command further.
    if (report.diagnostics.some((d) => d.fix)) {
      lines.push(
        paint(2, `  the literal fixes: npx lab lint ${report.submission} --lab ${report.lab} --show-fixes`),
      );
    }
    lines.push('');
  }
  if (report.problem) {
    const where = report.problem.file
      ? `${report.problem.file}${report.problem.line ? `:${report.problem.line}:${report.problem.col ?? 1}` : ''}: `
      : '';
    lines.push(
      ` ${paint(31, '✗')} ${STAGE_TEXT[report.problem.stage] || report.problem.stage}: ${where}${report.problem.message}`,
      '',
    );
  }
  lines.push(` Lab ${report.lab}: ${report.title}  (${report.submission})`);
  const width = Math.min(60, Math.max(20, ...report.checks.map((c) => c.title.length)));
  for (const c of report.checks) {
    const mark =
      c.status === 'passed' ? paint(32, '✓') : c.status === 'skipped' ? paint(33, '-') : paint(31, '✗');
    lines.push(` ${mark} ${c.title.padEnd(width)}  ${c.points}/${c.maxPoints}`);
    if (c.status === 'failed' && !c.notRun) {
      for (const line of (c.message ?? 'failed').split('\n')) lines.push(`     ${line}`);
      if (c.field) lines.push(`     at ${c.field.file}:${c.field.line}:${c.field.col} (${c.field.path})`);
      if (c.hint) lines.push(paint(2, `     hint: ${c.hint}`));
      if (c.hintLevels > 1 || c.hasFix) lines.push(paint(2, `     more: npx lab hint ${report.lab} ${c.id}`));
    }
  }
  const notRun = report.checks.find((c) => c.notRun)?.notRun;
  if (notRun) lines.push(`     checks not run: ${notRun}`);
  for (const note of report.notes) lines.push(paint(2, ` • ${note}`));
  const pct = report.maxScore ? Math.round((report.score / report.maxScore) * 100) : 0;
  const total = ` Score: ${report.score}/${report.maxScore} (${pct}%) in ${(report.durationMs / 1000).toFixed(1)}s`;
  lines.push('', report.passed ? paint(32, `${total} — full marks`) : paint(1, total));
  return `${lines.join('\n')}\n`;
}
