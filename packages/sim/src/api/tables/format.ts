// Cell formatting shared by the Table printers, following kubectl's printers package
// (HumanDuration ages, `<none>` for empty cells).
import type { KubeObject } from '../../core/types.ts';

/** k8s.io/apimachinery duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The age of a timestamp, or `<unknown>` when it is missing. */
export function age(timestamp: string | undefined | null): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(Date.now() - Date.parse(timestamp));
}

export function objectAge(object: KubeObject): string {
  return age(object.metadata.creationTimestamp);
}

export function orNone(value: string | undefined | null): string {
  return value === undefined || value === null || value === '' ? '<none>' : value;
}

/** `a=b,c=d` sorted by key, as labels.FormatLabels prints a selector map. */
export function formatMap(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(selector: KubeObject['spec']): string {
  if (!selector) return '<none>';
  const parts: string[] = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`);
  for (const expr of selector.matchExpressions ?? []) {
    const op = String(expr.operator);
    if (op === 'In' || op === 'NotIn')
      parts.push(`${expr.key} ${op.toLowerCase()} (${(expr.values ?? []).join(',')})`);
    else if (op === 'Exists') parts.push(expr.key);
    else if (op === 'DoesNotExist') parts.push(`!${expr.key}`);
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

/** Up to `max` items, then ` + N more...` like formatEndpoints and the slice printer. */
export function firstFew(items: string[], max = 3): string {
  if (items.length === 0) return '<none>';
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}
