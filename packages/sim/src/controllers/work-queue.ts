// A controller's work queue, like client-go's rate-limited workqueue: keys are deduplicated while
// pending, one key is never processed twice at once, and a failed sync is retried with backoff.
import { StatusError } from '../core/types.ts';

export type SyncHandler = (key: string) => void | Promise<void>;

export interface WorkQueueOptions {
  /** First retry delay in ms; doubles per failure of the same key up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where unexpected sync errors go (conflicts and not-found races are retried silently). */
  onError?: (key: string, error: unknown) => void;
}

/** Errors that only mean "the world moved on while we looked": retry without noise. */
export function isRaceError(error: unknown): boolean {
  return error instanceof StatusError && (error.code === 409 || error.code === 404);
}

export class WorkQueue {
  readonly #name: string;
  readonly #handler: SyncHandler;
  readonly #options: Required<Omit<WorkQueueOptions, 'onError'>> & Pick<WorkQueueOptions, 'onError'>;
  readonly #pending = new Set<string>();
  readonly #processing = new Set<string>();
  /** Keys added again while being processed: run once more when the current sync finishes. */
  readonly #dirtyWhileProcessing = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  #scheduled: NodeJS.Immediate | undefined;
  #stopped = false;

  constructor(name: string, handler: SyncHandler, options: WorkQueueOptions = {}) {
    this.#name = name;
    this.#handler = handler;
    this.#options = { baseDelayMs: 5, maxDelayMs: 1000, ...options };
  }

  get name(): string {
    return this.#name;
  }

  add(key: string): void {
    if (this.#stopped) return;
    if (this.#processing.has(key)) {
      this.#dirtyWhileProcessing.add(key);
      return;
    }
    this.#pending.add(key);
    this.#schedule();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.#timers.add(timer);
  }

  /** Stops accepting work, cancels retries and waits for syncs already running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#scheduled) clearImmediate(this.#scheduled);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#pending.clear();
    await Promise.allSettled([...this.#inFlight]);
  }

  #schedule(): void {
    // Deferred so that a watch event delivered inside another component's write never re-enters it.
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = setImmediate(() => {
      this.#scheduled = undefined;
      this.#drain();
    });
  }

  #drain(): void {
    const keys = [...this.#pending];
    this.#pending.clear();
    for (const key of keys) {
      if (this.#stopped) return;
      this.#processing.add(key);
      const run = this.#run(key).finally(() => {
        this.#inFlight.delete(run);
        this.#processing.delete(key);
        if (this.#dirtyWhileProcessing.delete(key)) this.add(key);
      });
      this.#inFlight.add(run);
    }
  }

  async #run(key: string): Promise<void> {
    try {
      await this.#handler(key);
      this.#failures.delete(key);
    } catch (error) {
      if (this.#stopped) return;
      const failures = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, failures);
      if (!isRaceError(error)) {
        (this.#options.onError ?? defaultOnError(this.#name))(key, error);
      }
      const delay = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** (failures - 1));
      this.addAfter(key, delay);
    }
  }
}

function defaultOnError(name: string) {
  return (key: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[${name}] sync of ${key} failed, will retry: ${message}\n`);
  };
}
