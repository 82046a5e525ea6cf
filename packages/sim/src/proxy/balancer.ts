// kube-proxy's backend choice per new connection: uniformly random among the ready backends, like
// the iptables mode's `statistic --mode random` chain, with `sessionAffinity: ClientIP` pinning a
// client address to its backend until it has been idle for timeoutSeconds (the `recent` match).
import type { Backend } from './backends.ts';

export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10_800;

export interface BalancerOptions {
  random?: () => number;
  now?: () => number;
}

export class Balancer {
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #affinity = new Map<string, { backend: Backend; lastSeen: number }>();

  constructor(options: BalancerOptions = {}) {
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** The backend for a new connection from `clientIP`, or undefined when there is none (reject). */
  pick(backends: Backend[], clientIP: string, affinityTimeoutSeconds?: number): Backend | undefined {
    if (backends.length === 0) return undefined;
    const now = this.#now();
    if (affinityTimeoutSeconds !== undefined) {
      const pinned = this.#affinity.get(clientIP);
      if (
        pinned &&
        now - pinned.lastSeen <= affinityTimeoutSeconds * 1000 &&
        backends.some((b) => b.ip === pinned.backend.ip && b.port === pinned.backend.port)
      ) {
        pinned.lastSeen = now;
        return pinned.backend;
      }
    }
    const index = Math.min(backends.length - 1, Math.floor(this.#random() * backends.length));
    const backend = backends[index] as Backend;
    if (affinityTimeoutSeconds !== undefined) this.#affinity.set(clientIP, { backend, lastSeen: now });
    return backend;
  }

  /** Forgets pins (affinity turned off or the Service changed). */
  clear(): void {
    this.#affinity.clear();
  }
}
