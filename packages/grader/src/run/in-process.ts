// Runs a grade.test.ts inside the `lab grade` process: imports it with a collector installed (so
// check() registers there instead of in vitest), then runs the checks in declaration order, each
// with its deadline. Saves a vitest start and a worker process per grade (~1.5–3 s on 2 cores).
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GradingContext } from '../context.ts';
import type { DeclaredCheck } from '../declared-checks.ts';
import type { CheckResult } from '../report.ts';
import { checkResult, errorShape } from './check-result.ts';
import { type CollectedCheck, collectChecks } from './collector.ts';
import type { RunChecksOptions, RunChecksResult } from './run-checks.ts';

let loads = 0;

export async function runChecksInProcess(options: RunChecksOptions): Promise<RunChecksResult> {
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  const name = basename(options.testFile);
  // Errors outside any check (a rejected promise nobody awaited) are reported, as vitest does.
  const onUnhandled = (reason: unknown) => errors.push(errorShape(reason).message ?? String(reason));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  try {
    let collected: CollectedCheck[];
    try {
      // A fresh query each time, so a second grade in the same process evaluates the file again.
      const url = `${pathToFileURL(options.testFile).href}?grade=${++loads}`;
      collected = await collectChecks(() => import(url));
    } catch (error) {
      errors.push(`${name}: ${errorShape(error).message ?? String(error)}`);
      return { checks, errors };
    }
    // Created when the first check asks for it, like gradingContext() under vitest: a context that
    // cannot load fails the checks, not the run.
    let context: Promise<GradingContext> | undefined;
    for (const collectedCheck of collected) {
      const started = performance.now();
      let outcome: Parameters<typeof checkResult>[3];
      try {
        await withDeadline(collectedCheck.timeoutMs, async () => {
          context ??= GradingContext.create(options.context).catch((error: unknown) => {
            context = undefined;
            throw error;
          });
          await collectedCheck.fn(await context);
        });
        outcome = { state: 'passed' };
      } catch (error) {
        outcome = { state: 'failed', error: errorShape(error) };
      }
      const result = checkResult(
        collectedCheck.title,
        collectedCheck.meta,
        Math.round(performance.now() - started),
        outcome,
      );
      checks.push(result);
      options.onResult?.(result);
    }
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }
  return { checks, errors };
}

/**
 * The checks a grade file declares, without running them: its check() calls as the collector saw
 * them. ~0.1 s where parsing the file with TypeScript costs ~2 s (loading the compiler).
 */
export async function collectDeclaredChecks(testFile: string): Promise<DeclaredCheck[]> {
  const url = `${pathToFileURL(testFile).href}?declared=${++loads}`;
  const collected = await collectChecks(() => import(url));
  return collected.map((c) => ({ title: c.title, ...c.meta }));
}

/** vitest's deadline, with its message: the check fails and the next one starts. */
async function withDeadline(ms: number, fn: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Test timed out in ${ms}ms.`)), ms);
  });
  try {
    await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
