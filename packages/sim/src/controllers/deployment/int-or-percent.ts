// maxSurge / maxUnavailable: an integer or a percentage of the desired replicas, rounded the way
// the deployment controller rounds them (surge up, unavailable down).
export type IntOrString = number | string;

export function scaledValue(
  value: IntOrString | undefined,
  total: number,
  roundUp: boolean,
  fallback: string,
): number {
  const raw = value ?? fallback;
  if (typeof raw === 'number') return raw;
  const match = /^(\d+)%$/.exec(raw);
  if (!match) {
    if (/^\d+$/.test(raw)) return Number(raw);
    throw new Error(
      `Expected an integer or a percentage like "25%" for a rolling update bound; found "${raw}"`,
    );
  }
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * ResolveFenceposts: the absolute surge and unavailability of a rolling update. Both zero would
 * deadlock a rollout, so unavailability then becomes 1 (validation forbids both being 0 as given).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true, '25%');
  let unavailable = scaledValue(maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
