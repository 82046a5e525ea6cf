// Status conditions as the controllers write them: lastTransitionTime only moves when status flips.
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Replaces the condition of the same type, keeping its lastTransitionTime when the status is unchanged. */
export function setCondition(conditions: Condition[] | undefined, next: Condition): Condition[] {
  const current = findCondition(conditions, next.type);
  if (
    current &&
    current.status === next.status &&
    current.reason === next.reason &&
    current.message === next.message
  ) {
    return conditions ?? [];
  }
  const merged =
    current && current.status === next.status
      ? { ...next, lastTransitionTime: current.lastTransitionTime }
      : next;
  return [...(conditions ?? []).filter((condition) => condition.type !== next.type), merged];
}
