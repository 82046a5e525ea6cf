import { describe, expect, it } from 'vitest';
import { formatDiagnostics, formatSummary, toJsonReport } from './format.ts';
import type { Diagnostic } from './types.ts';

const nordPort: Diagnostic = {
  file: '/lab/exercise/service.yaml',
  line: 12,
  col: 7,
  severity: 'error',
  rule: 'unknown-field',
  message: 'unknown field "nordPort" (did you mean "nodePort"?)',
  hint: 'first line\nsecond line',
};

describe('formatDiagnostics', () => {
  it('prints file:line:col severity message with the path relative to cwd, and indented hint lines', () => {
    expect(formatDiagnostics([nordPort], { cwd: '/lab' })).toBe(
      'exercise/service.yaml:12:7 error unknown field "nordPort" (did you mean "nodePort"?)\n' +
        '  hint: first line\n' +
        '        second line\n',
    );
  });

  it('colours the severity only when asked', () => {
    expect(formatDiagnostics([nordPort], { cwd: '/lab', color: true })).toContain('\x1b[31merror\x1b[0m');
    expect(formatDiagnostics([nordPort], { cwd: '/lab' })).not.toContain('\x1b[');
  });

  it('keeps labels such as <input> as they are', () => {
    expect(formatDiagnostics([{ ...nordPort, file: '<input>', hint: undefined }])).toBe(
      '<input>:12:7 error unknown field "nordPort" (did you mean "nodePort"?)\n',
    );
  });
});

describe('formatSummary and toJsonReport', () => {
  it('counts errors and warnings', () => {
    expect(formatSummary([nordPort, { ...nordPort, severity: 'warning' }], 2)).toBe(
      '✗ 1 error, 1 warning in 2 files\n',
    );
    expect(formatSummary([], 1)).toBe('✓ 1 file, no problems\n');
  });

  it('gives relative paths and counts in JSON', () => {
    const report = toJsonReport([nordPort], ['/lab/exercise/service.yaml'], { cwd: '/lab' });
    expect(report).toMatchObject({
      errorCount: 1,
      warningCount: 0,
      files: ['exercise/service.yaml'],
      diagnostics: [{ file: 'exercise/service.yaml', line: 12, col: 7, rule: 'unknown-field' }],
    });
  });
});
