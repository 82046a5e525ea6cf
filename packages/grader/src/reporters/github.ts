// GitHub Actions: workflow commands that annotate the files (`::error file=…,line=…,col=…::…`) for
// lint diagnostics and failed checks, and a markdown scorecard for $GITHUB_STEP_SUMMARY.
import type { GradeReport } from '../report.ts';

/** Escapes a workflow command's message (data). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(
  level: 'error' | 'warning' | 'notice',
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${list ? ` ${list}` : ''}::${escapeData(message)}`;
}

/**
 * The annotations for a report. File paths must be relative to the repository root (as GitHub
 * shows them); `report.files[0]` is where failed checks point when nothing more precise is known.
 */
export function formatAnnotations(report: GradeReport): string {
  const lines: string[] = [];
  for (const d of report.diagnostics) {
    lines.push(
      command(
        d.severity === 'error' ? 'error' : 'warning',
        { file: d.file, line: d.line, col: d.col, endLine: d.endLine, endColumn: d.endCol, title: d.rule },
        `${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`,
      ),
    );
  }
  if (report.problem && report.problem.stage !== 'lint' && report.problem.stage !== 'policy') {
    lines.push(
      command(
        'error',
        {
          file: report.problem.file ?? report.files[0],
          line: report.problem.line,
          col: report.problem.col,
          title: `lab grade: ${report.problem.stage}`,
        },
        report.problem.message,
      ),
    );
  }
  const file = report.files[0];
  for (const c of report.checks.filter((x) => x.status === 'failed' && !x.notRun)) {
    lines.push(
      command(
        'error',
        c.field
          ? {
              file: c.field.file,
              line: c.field.line,
              col: c.field.col,
              title: `${c.title} (0/${c.maxPoints})`,
            }
          : { file, line: file ? 1 : undefined, title: `${c.title} (0/${c.maxPoints})` },
        `${c.message ?? 'failed'}${c.hint ? `\nhint: ${c.hint}` : ''}`,
      ),
    );
  }
  lines.push(
    command('notice', { title: `Lab ${report.lab} score` }, `${report.score}/${report.maxScore} points`),
  );
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A markdown scorecard for the job summary page. */
export function formatStepSummary(report: GradeReport): string {
  const lines = [
    `### ${report.passed ? '✅' : '❌'} Lab ${report.lab}: ${cell(report.title)} — ${report.score}/${report.maxScore} points`,
    '',
    `Graded \`${report.submission}\` in ${(report.durationMs / 1000).toFixed(1)}s.`,
    '',
  ];
  if (report.problem)
    lines.push(`**Stopped at ${report.problem.stage}:** ${cell(report.problem.message)}`, '');
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    lines.push('| Where | Problem |', '| --- | --- |');
    for (const d of errors)
      lines.push(
        `| \`${d.file}:${d.line}:${d.col}\` | ${cell(d.message)}${d.hint ? `<br>hint: ${cell(d.hint)}` : ''} |`,
      );
    lines.push('');
  }
  lines.push('| Check | Points | Result |', '| --- | ---: | --- |');
  for (const c of report.checks) {
    const result =
      c.status === 'passed'
        ? '✅ passed'
        : c.status === 'skipped'
          ? '⏭️ skipped'
          : `❌ ${cell(c.message ?? 'failed')}${c.hint ? `<br>hint: ${cell(c.hint)}` : ''}`;
    lines.push(`| ${cell(c.title)} | ${c.points}/${c.maxPoints} | ${result} |`);
  }
  lines.push(`| **Total** | **${report.score}/${report.maxScore}** | |`, '');
  return `${lines.join('\n')}\n`;
}
