// metav1.LabelSelector (matchLabels + matchExpressions) and Service selectors (a plain map),
// matched the way the controllers match them.
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

type Labels = Record<string, string> | undefined;

/**
 * Whether `labels` satisfy a workload selector. A nil selector selects nothing and an empty one
 * selects everything, as metav1.LabelSelectorAsSelector makes them.
 */
export function matchesLabelSelector(selector: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, requirement.key);
    const value = have[requirement.key];
    switch (requirement.operator) {
      case 'In':
        if (!present || !(requirement.values ?? []).includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (present && (requirement.values ?? []).includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Whether a Service's `spec.selector` picks a Pod: every pair must be present, exactly and
 * case-sensitively. Callers skip Services with no selector (an empty map is stored as none).
 */
export function matchesServiceSelector(selector: Record<string, string>, labels: Labels): boolean {
  const have = labels ?? {};
  return Object.entries(selector).every(([key, value]) => have[key] === value);
}

/** A Service's selector, or undefined when it has none (its endpoints are managed by users). */
export function serviceSelector(service: { spec?: { selector?: Record<string, string> | null } }) {
  const selector = service.spec?.selector;
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}
