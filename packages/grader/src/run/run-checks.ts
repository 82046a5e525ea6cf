// Runs a lab's grade.test.ts through vitest's Node API with a reporter that turns each check (a
// vitest test carrying points/hint/section in its meta) into a CheckResult. The grading context
// travels to the test worker as JSON in WORKSHOP_GRADE_CONTEXT.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestCase, TestModule } from 'vitest/node';
import type { CheckMeta } from '../check.ts';
import { CONTEXT_ENV, type GradeContextData } from '../context-data.ts';
import type { CheckResult } from '../report.ts';

export interface RunChecksOptions {
  /** Absolute path of the lab's grade.test.ts. */
  testFile: string;
  context: GradeContextData;
  /** Where vite may keep its cache (never inside a lab folder or a student's checkout). */
  cacheDir: string;
  /** Called as each check finishes (progress lines). */
  onResult?: (result: CheckResult) => void;
}

export interface RunChecksResult {
  checks: CheckResult[];
  /** Errors outside any check: the file failed to load, a hook failed, an unhandled rejection. */
  errors: string[];
}

interface ErrorShape {
  message?: string;
  name?: string;
  expected?: unknown;
  observed?: unknown;
}

function toResult(testCase: TestCase): CheckResult | undefined {
  const meta = testCase.meta().check as CheckMeta | undefined;
  const result = testCase.result();
  const durationMs = Math.round(testCase.diagnostic()?.duration ?? 0);
  // A plain test in grade.test.ts (no check()) is scored as worth 0, so it is visible but harmless.
  const base = {
    title: testCase.name,
    section: meta?.section ?? '',
    hint: meta?.hint ?? '',
    maxPoints: meta?.points ?? 0,
    durationMs,
  };
  if (result.state === 'passed') return { ...base, points: base.maxPoints, status: 'passed' };
  if (result.state === 'skipped') return { ...base, points: 0, status: 'skipped', message: 'skipped' };
  if (result.state === 'pending') return undefined;
  const error = (result.errors?.[0] ?? {}) as ErrorShape;
  const isCheckFailure = error.name === 'CheckFailure';
  return {
    ...base,
    points: 0,
    status: 'failed',
    message:
      isCheckFailure || !error.name || error.name === 'AssertionError'
        ? (error.message ?? 'failed')
        : `${error.name}: ${error.message ?? ''}`,
    expected: isCheckFailure && typeof error.expected === 'string' ? error.expected : undefined,
    observed: isCheckFailure && typeof error.observed === 'string' ? error.observed : undefined,
  };
}

export async function runChecks(options: RunChecksOptions): Promise<RunChecksResult> {
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
