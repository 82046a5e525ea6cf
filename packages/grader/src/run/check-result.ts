// One check's outcome as a CheckResult, the same whichever runner ran it: the failure's message,
// and for a CheckFailure its expected vs observed; other errors are prefixed with their type.
import type { CheckMeta } from '../check.ts';
import type { CheckResult } from '../report.ts';

export interface ErrorShape {
  message?: string;
  name?: string;
  expected?: unknown;
  observed?: unknown;
}

export type Outcome = { state: 'passed' } | { state: 'skipped' } | { state: 'failed'; error: ErrorShape };

export function checkResult(
  title: string,
  meta: CheckMeta | undefined,
  durationMs: number,
  outcome: Outcome,
): CheckResult {
  // A plain test in grade.test.ts (no check()) is scored as worth 0, so it is visible but harmless.
  const base = {
    title,
    section: meta?.section ?? '',
    hint: meta?.hint ?? '',
    maxPoints: meta?.points ?? 0,
    durationMs,
  };
  if (outcome.state === 'passed') return { ...base, points: base.maxPoints, status: 'passed' };
  if (outcome.state === 'skipped') return { ...base, points: 0, status: 'skipped', message: 'skipped' };
  const error = outcome.error;
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

/** What a thrown value looks like to checkResult (vitest serializes errors the same way). */
export function errorShape(thrown: unknown): ErrorShape {
  if (thrown instanceof Error) {
    const { expected, observed } = thrown as Error & ErrorShape;
    return { name: thrown.name, message: thrown.message, expected, observed };
  }
  return { message: String(thrown) };
}
