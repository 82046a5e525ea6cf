// Polls a condition until it holds or a deadline passes. The timeout error names what was awaited
// and what was seen last, which is usually the whole diagnosis ("0/3 replicas available").

export interface WaitOptions {
  timeoutMs?: number;
  /** A fixed poll interval; by default 50 ms, growing to 250 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * What a probe reports: `done` with a value, or not yet with a description of what it saw.
 * A probe that throws counts as "not yet" (its message is what was seen), so transient API errors
 * during a rollout do not end the wait.
 */
export type Probe<T> = () => Promise<{ done: true; value: T } | { done: false; seen: string }>;

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly description: string,
    readonly lastSeen: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(
      `timed out after ${formatMs(timeoutMs)} waiting for ${description}; last seen: ${lastSeen}`,
      options,
    );
  }
}

export async function waitFor<T>(
  description: string,
  probe: Probe<T>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Without a fixed interval: poll soon (most waits on a local cluster end within a second), then
  // back off to 250 ms so a long wait does not hammer the API server.
  let intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastSeen = 'nothing yet';
  let lastError: unknown;
  for (;;) {
    if (options.signal?.aborted)
      throw new Error(`stopped waiting for ${description}`, { cause: options.signal.reason });
    try {
      const result = await probe();
      if (result.done) return result.value;
      lastSeen = result.seen;
      lastError = undefined;
    } catch (error) {
      lastSeen = (error as Error).message ?? String(error);
      lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(description, lastSeen, timeoutMs, { cause: lastError });
    await delay(Math.min(intervalMs, left), options.signal);
    if (options.intervalMs === undefined) intervalMs = Math.min(intervalMs * 1.5, 250);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)}s` : `${ms}ms`;
}
