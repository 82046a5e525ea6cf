// Runs a lab's checks in lab.yaml's order inside the `lab grade` process, each with its deadline; a
// check that throws fails with the error's words, and the next one still runs.
import type { Lab, LabCheck } from '@workshop/lab';
import { GradingContext } from '../context.ts';
import type { GradeContextData } from '../context-data.ts';
import type { LabChecks } from '../define-checks.ts';
import { CheckFailure } from '../failure.ts';
import type { CheckResult } from '../report.ts';
import { checkResult, errorShape, type Outcome } from './check-result.ts';

export interface RunChecksOptions {
  lab: Lab;
  functions: LabChecks;
  context: GradeContextData;
  /** Where a check's manifest field is in the submission (file:line), when it names one. */
  locate?(check: LabCheck): CheckResult['field'];
  onResult?(result: CheckResult): void;
}

export interface RunChecksResult {
  checks: CheckResult[];
  /** Errors outside any check (a promise nobody awaited), reported once. */
  errors: string[];
}

const DEFAULT_TIMEOUT_MS = 120_000;

export async function runChecks(options: RunChecksOptions): Promise<RunChecksResult> {
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  const onUnhandled = (reason: unknown) => errors.push(errorShape(reason).message ?? String(reason));
  process.on('unhandledRejection', onUnhandled);
  try {
    // Created when the first check asks for it: a context that cannot connect fails the checks,
    // not the run.
    let context: Promise<GradingContext> | undefined;
    for (const check of options.lab.checks) {
      const fn = options.functions[check.id];
      const started = performance.now();
      let outcome: Outcome;
      try {
        if (!fn) throw new Error(`check "${check.id}" has no implementation in checks.ts`);
        await withDeadline(check.timeoutMs ?? DEFAULT_TIMEOUT_MS, async () => {
          context ??= GradingContext.create(options.context).catch((error: unknown) => {
            context = undefined;
            throw error;
          });
          await fn(await context);
        });
        outcome = { state: 'passed' };
      } catch (error) {
        outcome = { state: 'failed', error: errorShape(error) };
      }
      const result = checkResult(check, Math.round(performance.now() - started), outcome);
      if (result.status === 'failed') result.field = options.locate?.(check);
      checks.push(result);
      options.onResult?.(result);
    }
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return { checks, errors };
}

async function withDeadline(ms: number, fn: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CheckFailure(`the check did not finish within ${ms / 1000} s`, {
            expected: `an answer within ${ms / 1000} s`,
            observed: 'still waiting',
          }),
        ),
      ms,
    );
  });
  try {
    await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
