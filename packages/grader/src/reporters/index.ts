// Writes a GradeReport through the chosen reporters. The console scorecard is always shown and the
// JSON result file always written; the others add to them on request
// (`--reporter json,junit,github,classroom`), and each says where it wrote.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GradeReport } from '../report.ts';
import { classroomNotices, classroomOutput, classroomResult } from './classroom.ts';
import { formatScorecard, useColor } from './console.ts';
import { formatAnnotations, formatStepSummary } from './github.ts';
import { formatJunit } from './junit.ts';

export const REPORTERS = ['console', 'json', 'junit', 'github', 'classroom'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** `console,junit` → checked names; an unknown name is an error naming the valid ones. */
export function parseReporters(value: string): ReporterName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(REPORTERS as readonly string[]).includes(name)) {
      throw new Error(`unknown reporter "${name}"; choose from ${REPORTERS.join(', ')}`);
    }
  }
  return names as ReporterName[];
}

/** Console always; GitHub annotations too when running in GitHub Actions. */
export function defaultReporters(env: NodeJS.ProcessEnv = process.env): ReporterName[] {
  return env.GITHUB_ACTIONS === 'true' ? ['console', 'github'] : ['console'];
}

export interface WriteReportsOptions {
  reporters: ReporterName[];
  /** `.workshop/results` */
  resultsDir: string;
  /** Print the report as JSON on stdout (then human output goes to stderr). */
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Writes every requested output; returns the files written. */
export function writeReports(report: GradeReport, options: WriteReportsOptions): string[] {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const human = options.json ? stderr : stdout;
  const written: string[] = [];
  mkdirSync(options.resultsDir, { recursive: true });
  const write = (name: string, text: string) => {
    const file = join(options.resultsDir, name);
    writeFileSync(file, text);
    written.push(file);
  };
  write(`${report.lab}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const reporters = new Set(options.reporters);
  // The scorecard is what a learner reads; a reporter adds to it and never replaces it.
  human.write(formatScorecard(report, { color: useColor(human, env) }));
  const wrote = (what: string, file: string) => human.write(`${what}: ${file}\n`);
  if (reporters.has('junit')) {
    write(`${report.lab}.junit.xml`, formatJunit(report));
    wrote('JUnit report', written[written.length - 1] ?? '');
  }
  if (reporters.has('github')) {
    human.write(formatAnnotations(report));
    if (env.GITHUB_STEP_SUMMARY) {
      appendFileSync(env.GITHUB_STEP_SUMMARY, formatStepSummary(report));
      wrote('job summary', env.GITHUB_STEP_SUMMARY);
    }
  }
  if (reporters.has('classroom')) {
    write(`${report.lab}.classroom.json`, `${JSON.stringify(classroomResult(report), null, 2)}\n`);
    human.write(classroomNotices(report));
    wrote('classroom result', written[written.length - 1] ?? '');
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `result=${classroomOutput(report)}\n`);
  }
  if (options.json) stdout.write(`${JSON.stringify(report)}\n`);
  else if (reporters.has('json')) wrote('JSON report', join(options.resultsDir, `${report.lab}.json`));
  return written;
}
