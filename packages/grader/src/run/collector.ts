// The seam between check() and the in-process runner: while `lab grade` imports a grade.test.ts, a
// collector on globalThis receives the checks instead of vitest, so no vitest instance has to start.
import type { CheckMeta } from '../check.ts';
import type { GradingContext } from '../context.ts';

export interface CollectedCheck {
  title: string;
  meta: CheckMeta;
  timeoutMs: number;
  fn: (ctx: GradingContext) => Promise<void> | void;
}

export interface Collector {
  checks: CollectedCheck[];
}

// A global symbol, not a module variable: the grade file may reach check() through another module
// instance of this package (a different specifier or loader), and must still find the collector.
const KEY = Symbol.for('@workshop/grader.collector');

type WithCollector = typeof globalThis & { [KEY]?: Collector };

export function activeCollector(): Collector | undefined {
  return (globalThis as WithCollector)[KEY];
}

/** Runs `load` with a collector installed, and returns what check() calls registered meanwhile. */
export async function collectChecks(load: () => Promise<unknown>): Promise<CollectedCheck[]> {
  const global = globalThis as WithCollector;
  if (global[KEY]) {
    throw new Error('expected one grade file to be collected at a time, found a collection in progress');
  }
  const collector: Collector = { checks: [] };
  global[KEY] = collector;
  try {
    await load();
  } finally {
    delete global[KEY];
  }
  return collector.checks;
}
