// The application's availability, with Spring Boot's state names, which the readiness and liveness
// probes report and the readiness toggle (endpoints lesson) and graceful shutdown change.
import type { Logger } from './logger.ts';

export type ReadinessState = 'ACCEPTING_TRAFFIC' | 'REFUSING_TRAFFIC';
export type LivenessState = 'CORRECT' | 'BROKEN';

export const READINESS_STATES: readonly ReadinessState[] = ['ACCEPTING_TRAFFIC', 'REFUSING_TRAFFIC'];

export class Availability {
  #readiness: ReadinessState = 'ACCEPTING_TRAFFIC';
  #liveness: LivenessState = 'CORRECT';

  constructor(private readonly log?: Logger) {}

  get readiness(): ReadinessState {
    return this.#readiness;
  }

  get liveness(): LivenessState {
    return this.#liveness;
  }

  setReadiness(next: ReadinessState): void {
    if (next === this.#readiness) return;
    // Spring's ApplicationAvailabilityBean logs the same sentence.
    this.log?.info(
      `Application availability state ReadinessState changed from ${this.#readiness} to ${next}`,
    );
    this.#readiness = next;
  }
}
