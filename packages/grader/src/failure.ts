// The one error a check throws when the cluster does not look as the lab asks: a sentence that says
// what was expected and what was observed, with both also kept apart for the JSON/JUnit reporters.

export interface FailureDetails {
  expected: string;
  observed: string;
}

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
  readonly expected: string;
  readonly observed: string;

  /** `message` is the whole sentence shown to the learner; `expected`/`observed` are its two halves. */
  constructor(message: string, details: FailureDetails, options?: ErrorOptions) {
    super(message, options);
    this.expected = details.expected;
    this.observed = details.observed;
  }
}

/** Fails a check with `expected …, observed …` when no better sentence exists. */
export function fail(expected: string, observed: string, options?: ErrorOptions): never {
  throw new CheckFailure(`expected ${expected}, observed ${observed}`, { expected, observed }, options);
}

/** `{app: api, tier: web}` — labels and selectors as the STYLE.md messages write them. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : '{}';
}

/** `a, b and c` */
export function listText(items: readonly string[], empty = 'none'): string {
  if (items.length === 0) return empty;
  if (items.length === 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
