// The kubelet's restart back-off: the first restart is immediate, later ones wait 10 s, doubling up
// to 5 minutes; a container that ran cleanly for 10 minutes starts over. `scale` shrinks it for tests.
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

export class Backoff {
  #delay = 0;
  #failures = 0;

  constructor(
    readonly scale = 1,
    readonly initialMs = INITIAL_BACKOFF_MS,
    readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /** The wait before the next attempt after a failure of a run that lasted `ranMs`. */
  next(ranMs = 0): number {
    if (ranMs >= 2 * this.maxMs * this.scale) this.reset();
    this.#failures += 1;
    if (this.#failures === 1) return 0;
    this.#delay = this.#delay === 0 ? this.initialMs : Math.min(this.#delay * 2, this.maxMs);
    return this.#delay * this.scale;
  }

  /** The current delay in whole seconds as the kubelet prints it (`back-off 20s restarting …`). */
  describe(): string {
    const seconds = Math.round(this.#delay / 1000);
    return seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`;
  }

  reset(): void {
    this.#delay = 0;
    this.#failures = 0;
  }
}
