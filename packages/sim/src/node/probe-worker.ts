// The kubelet's probe worker: runs one probe every periodSeconds after initialDelaySeconds and turns
// attempts into a result with successThreshold/failureThreshold (kubernetes pkg/kubelet/prober/worker.go).
// As in the kubelet, the worker's ticker starts when the Pod arrives on the node, not when its
// container starts: a tick that finds the container not running yet, or still inside
// initialDelaySeconds, probes nothing, so the first attempt comes up to one period after the start.
// A readiness probe is also run once when the kubelet notices the start (its pod status update
// triggers it, manager.go UpdatePodStatus), which happens on the next PLEG relist, about a second
// later. A container that starts listening within that time therefore reports no failed probe, as
// on a real node; one that never answers is reported on every attempt.
import { type ProbeOutcome, type ProbeSpec, type ProbeTarget, runProbe } from './probe.ts';

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** The generic PLEG's relist period: how late the kubelet notices that a container started. */
export const PLEG_RELIST_MS = 1000;

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  spec: ProbeSpec;
  target: ProbeTarget;
  /** When the container started running (initialDelaySeconds counts from here). */
  startedAt: number;
  /** When the worker's ticker started (the Pod's arrival on the node); default startedAt. */
  tickFrom?: number;
  /** Whether the worker should probe now (e.g. liveness waits for the startup probe). */
  active?: () => boolean;
  /** Called when the result changes (readiness starts as failure, liveness/startup as success). */
  onResult: (ok: boolean) => void;
  /** Called on every failed attempt (the kubelet's Unhealthy event). */
  onFailure: (message: string) => void;
  probe?: (spec: ProbeSpec, target: ProbeTarget) => Promise<ProbeOutcome>;
  now?: () => number;
}

export class ProbeWorker {
  readonly kind: ProbeKind;
  #result: boolean;
  #lastAttempt: boolean | undefined;
  #run = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #options: ProbeWorkerOptions;

  constructor(options: ProbeWorkerOptions) {
    this.kind = options.kind;
    this.#options = options;
    this.#result = options.kind !== 'readiness';
  }

  get result(): boolean {
    return this.#result;
  }

  start(): void {
    const { startedAt } = this.#options;
    let first = this.#tickAfter(startedAt);
    if (this.kind === 'readiness') first = Math.min(first, startedAt + PLEG_RELIST_MS);
    this.#at(first);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** The first tick of the worker's ticker strictly after `time`. */
  #tickAfter(time: number): number {
    const period = (this.#options.spec.periodSeconds ?? 10) * 1000;
    const from = this.#options.tickFrom ?? this.#options.startedAt;
    if (period <= 0) return time;
    return from + Math.max(1, Math.floor((time - from) / period) + 1) * period;
  }

  #at(time: number): void {
    const now = this.#options.now ?? Date.now;
    this.#timer = setTimeout(() => void this.#tick(), Math.max(0, time - now()));
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    const { spec, startedAt } = this.#options;
    const now = this.#options.now ?? Date.now;
    const initialDelay = (spec.initialDelaySeconds ?? 0) * 1000;
    // The kubelet compares whole seconds since the start with initialDelaySeconds: the same as this
    // for the whole numbers the API allows.
    if (now() - startedAt >= initialDelay && this.#options.active?.() !== false) await this.#attempt();
    if (this.#stopped) return;
    // A startup probe stops once it has succeeded.
    if (this.kind === 'startup' && this.#result && this.#lastAttempt) return;
    this.#at(this.#tickAfter(now()));
  }

  async #attempt(): Promise<void> {
    const { spec, target } = this.#options;
    const outcome = await (this.#options.probe ?? runProbe)(spec, target);
    if (this.#stopped) return;
    if (!outcome.ok) this.#options.onFailure(outcome.message ?? 'probe failed');
    this.#run = outcome.ok === this.#lastAttempt ? this.#run + 1 : 1;
    this.#lastAttempt = outcome.ok;
    const threshold = outcome.ok ? (spec.successThreshold ?? 1) : (spec.failureThreshold ?? 3);
    if (this.#run < threshold) return;
    if (this.#result !== outcome.ok) {
      this.#result = outcome.ok;
      this.#options.onResult(outcome.ok);
    }
    // After a liveness/startup failure the container is restarted and counting starts over.
    if (!outcome.ok && this.kind !== 'readiness') this.#run = 0;
  }
}
