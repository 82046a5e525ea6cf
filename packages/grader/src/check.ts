// `check(title, { points, hint, section }, fn)`: declares one graded check in a lab's grade.test.ts.
// Under vitest it is a test whose task meta carries the points, hint and section, so the grader's
// reporter (and any vitest reporter) can score it; under `lab grade` it goes to the in-process
// runner's collector instead. Keep the title and options literal: the site reads them from the file
// with the TypeScript AST.
import { type GradingContext, gradingContext } from './context.ts';
import { activeCollector } from './run/collector.ts';

// vitest costs ~0.3 s to load: `lab grade` collects checks without it, so only load it when no
// collector is waiting (a plain `vitest run` of the file, or the vitest runner).
const vitest = activeCollector() ? undefined : await import('vitest');

export interface CheckOptions {
  /** Points earned when the check passes (a whole number ≥ 0). */
  points: number;
  /** Shown to the learner when the check fails: where to look, not the answer. */
  hint: string;
  /** The lesson section this check belongs to (its heading or anchor). */
  section: string;
  /** Deadline for the whole check (default 120 s: a first probe Pod may wait for an image build). */
  timeoutMs?: number;
}

/** What the grader's reporter reads from a test's meta. */
export interface CheckMeta {
  points: number;
  hint: string;
  section: string;
}

declare module 'vitest' {
  interface TaskMeta {
    check?: CheckMeta;
  }
}

export type CheckFunction = (ctx: GradingContext) => Promise<void> | void;

export function check(title: string, options: CheckOptions, fn: CheckFunction): void {
  if (!Number.isInteger(options.points) || options.points < 0) {
    throw new Error(
      `check "${title}": expected points to be a whole number ≥ 0, found ${String(options.points)}`,
    );
  }
  if (!options.hint?.trim())
    throw new Error(`check "${title}": expected a hint (shown when the check fails), found none`);
  const meta: CheckMeta = { points: options.points, hint: options.hint, section: options.section };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const collector = activeCollector();
  if (collector) {
    collector.checks.push({ title, meta, timeoutMs, fn });
    return;
  }
  if (!vitest) {
    throw new Error(
      `check "${title}": expected to run under vitest or lab grade, found neither (this module was first loaded by lab grade's collector); run the file with npx vitest run`,
    );
  }
  vitest.test(title, { meta: { check: meta }, timeout: timeoutMs }, async ({ task }) => {
    const ctx = await gradingContext(task.file?.filepath);
    await fn(ctx);
  });
}
