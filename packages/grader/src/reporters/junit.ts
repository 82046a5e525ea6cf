// JUnit XML for CI dashboards: one testsuite per lab, one testcase per check (and one per lint or
// policy error, so a submission stopped early still shows why), failures with expected vs observed.
import type { GradeReport } from '../report.ts';

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Characters XML 1.0 cannot carry at all (terminal escapes in a message, for one).
      // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

export function formatJunit(report: GradeReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suite = `lab ${report.lab}`;
  const cases: string[] = [];
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) {
    const name = `${d.rule} ${d.file}:${d.line}:${d.col}`;
    const text = `${d.file}:${d.line}:${d.col} ${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`;
    cases.push(
      `    <testcase classname="${escapeXml(`${suite}.${d.rule.startsWith('policy/') ? 'policy' : 'lint'}`)}" name="${escapeXml(name)}" time="0.000">\n` +
        `      <failure message="${escapeXml(d.message)}" type="${escapeXml(d.rule)}">${escapeXml(text)}</failure>\n` +
        `    </testcase>`,
    );
  }
  if (report.problem && report.problem.stage !== 'lint' && report.problem.stage !== 'policy') {
    cases.push(
      `    <testcase classname="${escapeXml(`${suite}.${report.problem.stage}`)}" name="${escapeXml(report.problem.stage)}" time="0.000">\n` +
        `      <failure message="${escapeXml(report.problem.message)}" type="${report.problem.stage}">${escapeXml(`${report.problem.file ? `${report.problem.file}: ` : ''}${report.problem.message}`)}</failure>\n` +
        `    </testcase>`,
    );
  }
  for (const c of report.checks) {
    const open = `    <testcase classname="${escapeXml(`${suite}.${c.section || 'checks'}`)}" name="${escapeXml(c.title)}" time="${seconds(c.durationMs)}">`;
    const props = `      <properties>\n        <property name="points" value="${c.points}"/>\n        <property name="maxPoints" value="${c.maxPoints}"/>\n      </properties>`;
    if (c.status === 'passed') cases.push(`${open}\n${props}\n    </testcase>`);
    else if (c.status === 'skipped') cases.push(`${open}\n${props}\n      <skipped/>\n    </testcase>`);
    else {
      const body = [
        c.message ?? 'failed',
        c.expected ? `expected: ${c.expected}` : '',
        c.observed ? `observed: ${c.observed}` : '',
        c.hint ? `hint: ${c.hint}` : '',
      ]
        .filter(Boolean)
        .join('\n');
      cases.push(
        `${open}\n${props}\n      <failure message="${escapeXml(c.message ?? 'failed')}" type="check">${escapeXml(body)}</failure>\n    </testcase>`,
      );
    }
  }
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const skipped = cases.filter((c) => c.includes('<skipped/>')).length;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="lab grade" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">\n` +
    `  <testsuite name="${escapeXml(`${suite}: ${report.title}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">\n` +
    `    <properties>\n      <property name="score" value="${report.score}"/>\n      <property name="maxScore" value="${report.maxScore}"/>\n      <property name="submission" value="${escapeXml(report.submission)}"/>\n    </properties>\n` +
    (cases.length ? `${cases.join('\n')}\n` : '') +
    `  </testsuite>\n</testsuites>\n`
  );
}
