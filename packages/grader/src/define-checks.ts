// A lab's checks.ts: `export default defineChecks({ 'endpoints': async (ctx) => { … } })`. The ids
// are the ones lab.yaml declares (with points, title, hint and section); this file holds only the
// proofs, and a proof fails by throwing (fail(expected, observed) or a helper's failure).
import type { GradingContext } from './context.ts';

export type CheckFunction = (ctx: GradingContext) => Promise<void> | void;

export type LabChecks = Record<string, CheckFunction>;

export function defineChecks<T extends LabChecks>(checks: T): T {
  return checks;
}
