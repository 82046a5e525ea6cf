// Prints diagnostics like a compiler (`file:line:col severity message` + `hint:` lines) or as JSON, with
// paths relative to the current directory.
import { isAbsolute, relative } from 'node:path';
import type { Diagnostic } from './types.ts';

export interface FormatOptions {
  /** ANSI colours (default: off). */
  color?: boolean;
  /** Paths are printed relative to this directory (default: process.cwd()). */
  cwd?: string;
  /** Print each diagnostic's literal fix (`lab lint --show-fixes`); they give a lab's answer away. */
  showFixes?: boolean;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

export function displayPath(file: string, cwd = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' ? file : rel;
}

function paint(text: string, code: string, color: boolean): string {
  return color ? `${code}${text}${ANSI.reset}` : text;
}

/** One diagnostic per line, each hint line under it indented and starting with `hint:`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const lines: string[] = [];
  for (const d of diagnostics) {
    const where = paint(`${displayPath(d.file, options.cwd)}:${d.line}:${d.col}`, ANSI.bold, color);
    const severity = paint(d.severity, d.severity === 'error' ? ANSI.red : ANSI.yellow, color);
    lines.push(`${where} ${severity} ${d.message}`);
    if (d.hint) {
      const [first, ...rest] = d.hint.split('\n');
      lines.push(paint(`  hint: ${first}`, ANSI.dim, color));
      for (const line of rest) lines.push(paint(`        ${line}`, ANSI.dim, color));
    }
    if (d.fix && options.showFixes) {
      const [first, ...rest] = d.fix.split('\n');
      lines.push(paint(`  fix: ${first}`, ANSI.dim, color));
      for (const line of rest) lines.push(paint(`       ${line}`, ANSI.dim, color));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** How many diagnostics carry a literal fix. */
export function fixCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.fix).length;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `✗ 2 errors, 1 warning in 3 files` or `✓ 3 files, no problems`. */
export function formatSummary(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  const files = plural(fileCount, 'file');
  if (errors === 0 && warnings === 0) return `✓ ${files}, no problems\n`;
  const mark = errors > 0 ? '✗' : '!';
  return `${mark} ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${files}\n`;
}

export interface JsonReport {
  errorCount: number;
  warningCount: number;
  files: string[];
  diagnostics: Diagnostic[];
}

/** The machine-readable report: the same diagnostics with relative paths, plus counts. */
export function toJsonReport(
  diagnostics: readonly Diagnostic[],
  files: readonly string[],
  options: Pick<FormatOptions, 'cwd'> = {},
): JsonReport {
  const { errors, warnings } = countBySeverity(diagnostics);
  return {
    errorCount: errors,
    warningCount: warnings,
    files: files.map((file) => displayPath(file, options.cwd)),
    diagnostics: diagnostics.map((d) => ({ ...d, file: displayPath(d.file, options.cwd) })),
  };
}
