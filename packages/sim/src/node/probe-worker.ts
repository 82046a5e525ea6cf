// The kubelet's probe worker: runs one probe every periodSeconds after initialDelaySeconds and turns
// attempts into a result with successThreshold/failureThreshold (kubernetes pkg/kubelet/prober/worker.go).
import { type ProbeOutcome, type ProbeSpec, type ProbeTarget, runProbe } from './probe.ts';

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  spec: ProbeSpec;
  target: ProbeTarget;
  /** When the container started running (initialDelaySeconds counts from here). */
  startedAt: number;
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
    void this.#tick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    const { spec } = this.#options;
    const now = this.#options.now ?? Date.now;
    const period = (spec.periodSeconds ?? 10) * 1000;
    const initialDelay = (spec.initialDelaySeconds ?? 0) * 1000;
    const sinceStart = now() - this.#options.startedAt;
    if (sinceStart < initialDelay) {
      this.#timer = setTimeout(() => void this.#tick(), initialDelay - sinceStart);
      return;
    }
    if (this.#options.active?.() !== false) await this.#attempt();
    if (this.#stopped) return;
    // A startup probe stops once it has succeeded.
    if (this.kind === 'startup' && this.#result && this.#lastAttempt) return;
    this.#timer = setTimeout(() => void this.#tick(), period);
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
