// One check's outcome as a CheckResult: the failure's message, and for a CheckFailure its expected
// vs observed; other errors are prefixed with their type, so a bug in a check reads as one.
import type { LabCheck } from '@workshop/lab';
import type { CheckResult } from '../report.ts';

export interface ErrorShape {
  message?: string;
  name?: string;
  expected?: unknown;
  observed?: unknown;
}

export type Outcome = { state: 'passed' } | { state: 'failed'; error: ErrorShape };

export function checkResult(check: LabCheck, durationMs: number, outcome: Outcome): CheckResult {
  const base = {
    id: check.id,
    title: check.title,
    section: check.section,
    hint: check.hint[0] ?? '',
    hintLevels: check.hint.length,
    hasFix: !!check.fix,
    maxPoints: check.points,
    durationMs,
  };
  if (outcome.state === 'passed') return { ...base, points: base.maxPoints, status: 'passed' };
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

export function errorShape(thrown: unknown): ErrorShape {
  if (thrown instanceof Error) {
    const { expected, observed } = thrown as Error & ErrorShape;
    return { name: thrown.name, message: thrown.message, expected, observed };
  }
  return { message: String(thrown) };
}
