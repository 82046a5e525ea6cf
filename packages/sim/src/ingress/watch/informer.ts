// One resource kept in memory with list + watch, as client-go's reflector does: list, then watch
// from the list's resourceVersion; when the watch ends or fails (410 Gone included), list again.
import type { KubeObject } from '../../core/types.ts';
import type { Logger } from '../log.ts';
import { ApiError, type ApiHttpClient } from './api-client.ts';

export interface InformerOptions {
  client: ApiHttpClient;
  /** Collection path across namespaces, e.g. `/apis/networking.k8s.io/v1/ingresses`. */
  path: string;
  /** Human name for logs (`ingresses`). */
  resource: string;
  onChange: () => void;
  log: Logger;
  /** Whether a 404 on list means "not served; treat as empty" (e.g. a CRD not installed). */
  optional?: boolean;
  /** First retry delay after an error, doubled up to 5 s. */
  retryDelayMs?: number;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export class Informer {
  readonly items = new Map<string, KubeObject>();
  private stopped = false;
  private abortWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private synced = false;
  private resolveSynced!: () => void;
  /** Resolves after the first successful list (or a 404 on an optional resource). */
  readonly hasSynced = new Promise<void>((resolve) => {
    this.resolveSynced = resolve;
  });
  private loop: Promise<void> | undefined;

  constructor(private readonly options: InformerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    this.resolveSynced();
  }

  private async pause(ms: number): Promise<void> {
    // Interruptible by stop(), so shutdown never waits for a retry delay.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    const { client, path, log, resource } = this.options;
    const firstDelay = this.options.retryDelayMs ?? 500;
    let delay = firstDelay;
    let reported404 = false;
    while (!this.stopped) {
      let resourceVersion: string;
      try {
        const list = await client.requestJson('GET', path);
        this.items.clear();
        for (const item of list?.items ?? []) this.items.set(keyOf(item), item);
        resourceVersion = String(list?.metadata?.resourceVersion ?? '');
        this.markSynced();
        this.options.onChange();
        delay = firstDelay;
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof ApiError && error.code === 404 && this.options.optional) {
          if (!reported404) log.warn(`The API does not serve ${resource} (${path}); continuing without them`);
          reported404 = true;
          this.items.clear();
          this.markSynced();
        } else {
          log.error(`Failed to list ${resource}`, { error: (error as Error).message });
        }
        await this.pause(delay);
        delay = Math.min(delay * 2, 5000);
        continue;
      }
      const sep = path.includes('?') ? '&' : '?';
      const watch = client.watch(
        `${path}${sep}watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`,
        (event) => this.onEvent(event),
      );
      this.abortWatch = watch.abort;
      const began = Date.now();
      try {
        await watch.done;
        // A server that ends watches at once must not turn this loop into a busy list loop.
        if (!this.stopped && Date.now() - began < 1000) await this.pause(delay);
      } catch (error) {
        if (!this.stopped)
          log.debug(`Watch of ${resource} failed; listing again`, { error: (error as Error).message });
        await this.pause(delay);
      }
      this.abortWatch = undefined;
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: a watch event as decoded JSON.
  private onEvent(event: any): void {
    const object = event?.object as KubeObject | undefined;
    switch (event?.type) {
      case 'ADDED':
      case 'MODIFIED':
        if (object) this.items.set(keyOf(object), object);
        break;
      case 'DELETED':
        if (object) this.items.delete(keyOf(object));
        break;
      case 'BOOKMARK':
        return;
      case 'ERROR':
        // Usually 410 Gone (resourceVersion too old): end this watch; the loop lists again.
        this.abortWatch?.();
        return;
      default:
        return;
    }
    this.options.onChange();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortWatch?.();
    this.wake?.();
    await this.loop;
  }
}
