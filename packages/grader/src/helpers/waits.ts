// Waits inside checks: poll with a deadline (never sleep), and when time runs out fail the check with
// what was awaited and what was seen last.
import { type Probe, WaitTimeoutError, waitFor } from '@workshop/kube';
import { CheckFailure } from '../failure.ts';

export interface CheckWaitOptions {
  /** How long to wait (default 30 s). */
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it is done; on timeout throws a CheckFailure whose expected half is
 * `expected` and whose observed half is the last thing the probe saw.
 */
export async function waitOrFail<T>(
  expected: string,
  probe: Probe<T>,
  options: CheckWaitOptions = {},
): Promise<T> {
  try {
    return await waitFor(expected, probe, {
      timeoutMs: options.timeoutMs ?? 30_000,
      intervalMs: options.intervalMs,
    });
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      const seconds = `${Math.round(error.timeoutMs / 100) / 10}s`;
      throw new CheckFailure(
        `expected ${expected}, observed ${error.lastSeen} (after waiting ${seconds})`,
        { expected, observed: error.lastSeen },
        { cause: error },
      );
    }
    throw error;
  }
}
