// Polling with a deadline: the only way tests wait for controllers. The failure names what was
// awaited and the last value seen, so a timeout reads like a failed assertion. The default deadline
// is generous: under `npm test` every workspace's tests and the site build share 2 cores, and a
// multi-step rollout (a dozen hops through five controllers) measured 1.3 s with four CPU burners
// running; 10 s was too close to that for a busier machine. Passing tests never wait for it.
const DEFAULT_TIMEOUT_MS = 30_000;

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Resolves with the first truthy result of `probe`; rejects after the deadline with `what`
 * and the last result (or error) observed.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const interval = options.intervalMs ?? 10;
  let last: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(
        `Timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS}ms waiting for ${what}; last saw: ${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
