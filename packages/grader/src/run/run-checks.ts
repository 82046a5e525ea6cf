// Runs a lab's grade.test.ts: in process (./in-process.ts) or through vitest's Node API with a
// reporter that turns each check (a vitest test carrying points/hint/section in its meta) into a
// CheckResult; the grading context then travels to the test worker as JSON in WORKSHOP_GRADE_CONTEXT.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestCase, TestModule } from 'vitest/node';
import type { CheckMeta } from '../check.ts';
import { CONTEXT_ENV, type GradeContextData } from '../context-data.ts';
import type { CheckResult } from '../report.ts';
import { checkResult, type ErrorShape } from './check-result.ts';

export interface RunChecksOptions {
  /** Absolute path of the lab's grade.test.ts. */
  testFile: string;
  context: GradeContextData;
  /** Where vite may keep its cache (never inside a lab folder or a student's checkout). */
  cacheDir: string;
  /** Where the checks run; by default in process unless the file imports vitest itself. */
  runner?: 'in-process' | 'vitest';
  /** Called as each check finishes (progress lines). */
  onResult?: (result: CheckResult) => void;
}

export interface RunChecksResult {
  checks: CheckResult[];
  /** Errors outside any check: the file failed to load, a hook failed, an unhandled rejection. */
  errors: string[];
}

function toResult(testCase: TestCase): CheckResult | undefined {
  const result = testCase.result();
  if (result.state === 'pending') return undefined;
  const durationMs = Math.round(testCase.diagnostic()?.duration ?? 0);
  const meta = testCase.meta().check as CheckMeta | undefined;
  return checkResult(
    testCase.name,
    meta,
    durationMs,
    result.state === 'failed' ? { state: 'failed', error: (result.errors?.[0] ?? {}) as ErrorShape } : result,
  );
}

/**
 * In process unless the file uses vitest itself (its own test(), expect, hooks): then through
 * vitest, which gives those their meaning. `runner` forces one (tests, comparisons).
 */
export async function runChecks(options: RunChecksOptions): Promise<RunChecksResult> {
  const runner = options.runner ?? (usesVitest(options.testFile) ? 'vitest' : 'in-process');
  if (runner === 'vitest') return runChecksWithVitest(options);
  const { runChecksInProcess } = await import('./in-process.ts');
  return runChecksInProcess(options);
}

/** Whether the grade file imports vitest itself (then only vitest can run or collect it). */
export function usesVitest(testFile: string): boolean {
  return /\bfrom\s*['"]vitest['"/]|import\(\s*['"]vitest['"/]/.test(readFileSync(testFile, 'utf8'));
}

export async function runChecksWithVitest(options: RunChecksOptions): Promise<RunChecksResult> {
  const { startVitest } = await import('vitest/node');
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  const reporter = {
    onTestCaseResult(testCase: TestCase) {
      const result = toResult(testCase);
      if (!result) return;
      checks.push(result);
      options.onResult?.(result);
    },
    onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<{ message: string }>) {
      for (const m of modules)
        for (const e of m.errors()) errors.push(`${basename(m.moduleId)}: ${e.message}`);
      for (const e of unhandled) errors.push(e.message);
    },
  };
  mkdirSync(options.cacheDir, { recursive: true });
  const vitest = await startVitest(
    'test',
    [],
    {
      config: false,
      root: dirname(options.testFile),
      include: [basename(options.testFile)],
      watch: false,
      reporters: [reporter],
      env: { [CONTEXT_ENV]: JSON.stringify(options.context) },
      // Checks run in declaration order: later ones may rely on what earlier ones proved.
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 120_000,
      passWithNoTests: true,
    },
    { cacheDir: join(options.cacheDir, 'vite'), logLevel: 'silent', server: { watch: null } },
    { stdout: devNull(), stderr: devNull() },
  );
  await vitest.close();
  return { checks, errors };
}

/** Vitest's own banner and summary would interleave with our scorecard; the reporter says it all. */
function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
