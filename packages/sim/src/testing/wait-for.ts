// Polling with a deadline: the only way tests wait for controllers. The failure names what was
// awaited and the last value seen, so a timeout reads like a failed assertion.
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
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
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
        `Timed out after ${options.timeoutMs ?? 10_000}ms waiting for ${what}; last saw: ${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
