// What an Ingress's host rules do with a request, in words a learner can act on: which rule took a
// host (and that a rule without host takes every host), or why no rule did (a host one letter off,
// a wildcard that covers one label only, a name that is a wildcard's parent). The grader's
// explainRoute does the matching by the spec; this file only turns its verdict into a sentence.
import { explainRoute, listText, type Route } from '@workshop/grader';

interface RuleShape {
  host?: string;
  http?: { paths?: Array<{ path?: string; pathType?: string; backend?: { service?: { name?: string } } }> };
}

function rulesOf(ingress: object): RuleShape[] {
  return (ingress as { spec?: { rules?: RuleShape[] } }).spec?.rules ?? [];
}

/** Edits (insert, delete, replace, swap of neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function lettersOff(a: string, b: string): string {
  const n = editDistance(a, b);
  return `${n} letter${n === 1 ? '' : 's'} off`;
}

/** A rule host that looks like a misspelling of `host` (at most 2 edits, and not the same name). */
function misspelling(host: string, ruleHosts: string[]): string | undefined {
  return ruleHosts.find((h) => h !== host && !h.startsWith('*.') && editDistance(h, host) <= 2);
}

function pathsText(rule: RuleShape): string {
  const paths = (rule.http?.paths ?? []).map(
    (p) => `${p.path ?? '/'} (${p.pathType ?? 'ImplementationSpecific'})`,
  );
  return paths.length ? paths.join(', ') : 'no paths';
}

/** Why no rule is for `host`: the near misses among the rule hosts, if any. */
function whyNoHost(host: string, ruleHosts: string[]): string {
  const lower = host.toLowerCase();
  const listed = ruleHosts.length ? ruleHosts.map((h) => `"${h}"`).join(', ') : 'none';
  const notes: string[] = [];
  const typo = misspelling(lower, ruleHosts);
  if (typo) notes.push(`rule host "${typo}" is ${lettersOff(typo, lower)}`);
  for (const h of ruleHosts.filter((r) => r.startsWith('*.'))) {
    const parent = h.slice(2);
    if (lower === parent) notes.push(`"${h}" needs one label before ${parent}, and ${host} has none`);
    else if (lower.endsWith(`.${parent}`))
      notes.push(
        `"${h}" covers exactly one label, and ${host} has ${lower.slice(0, -parent.length - 1)} there`,
      );
  }
  for (const h of ruleHosts.filter((r) => !r.startsWith('*.') && lower.endsWith(`.${r}`)))
    notes.push(`"${h}" is that one name only, not the names under it`);
  return `no rule has host ${host} (rule hosts: ${listed})${notes.length ? `: ${notes.join('; ')}` : ''}`;
}

/** What the stored Ingress does with GET `host``path`, by the spec, and why (without the row). */
export function explainRow(ingress: object, route: Pick<Route, 'host' | 'path'>): string {
  const host = route.host ?? '';
  const verdict = explainRoute(ingress, route.path, host);
  const rules = rulesOf(ingress);
  const ruleHosts = rules.map((r) => r.host).filter((h): h is string => !!h);
  if (verdict.matched) {
    const { matched } = verdict;
    const rule =
      matched.host === '*'
        ? 'the rule without host (it takes every host)'
        : matched.host.startsWith('*.')
          ? `wildcard rule "${matched.host}"`
          : `rule host "${matched.host}"`;
    const service = matched.backend?.service ?? 'no Service';
    return `taken by ${rule}, path ${matched.path} (${matched.pathType}), backend ${service}`;
  }
  if (verdict.viaDefaultBackend)
    return `no path matches, so defaultBackend ${verdict.backend?.service} takes it`;
  if (verdict.hostGroup) {
    // The request's host has rules, and paths are compared only inside them.
    const groupHost = /"(.*)"/.exec(verdict.hostGroup)?.[1];
    const group = rules.filter((r) => (groupHost ? r.host === groupHost : !r.host));
    const name = groupHost ? verdict.hostGroup : 'the rule without host';
    const paths = group.map(pathsText).join(', ');
    return `${name} has no path that matches ${route.path} (its paths: ${paths}), so the controller answers 404`;
  }
  return `${whyNoHost(host, ruleHosts)}, so the controller answers 404`;
}

/** `GET a/, GET b/ and GET c/: <why>; GET d/: <why>`: rows that have the same reason share it. */
export function explainRows(ingress: object, rows: Array<Pick<Route, 'host' | 'path'>>): string {
  const byReason = new Map<string, string[]>();
  for (const row of rows) {
    const why = explainRow(ingress, row);
    byReason.set(why, [...(byReason.get(why) ?? []), `GET ${row.host ?? ''}${row.path}`]);
  }
  return [...byReason].map(([why, names]) => `${listText(names)}: ${why}`).join('; ');
}

/** The wrong rows of a routes failure: every route whose `GET host/path → ` appears in `observed`. */
export function wrongRows<R extends Pick<Route, 'host' | 'path'>>(observed: string, routes: R[]): R[] {
  return routes.filter((r) => observed.includes(`GET ${r.host ?? ''}${r.path} → `));
}

/**
 * What is wrong with the hosts of an Ingress that must have a rule for exactly `wanted`: rules
 * without host, wanted hosts with no rule (with a likely misspelling), hosts nobody asked for.
 */
export function hostProblems(ingress: object, wanted: string[]): string[] {
  const rules = rulesOf(ingress);
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    if (!rule.host)
      problems.push(`rules[${i}] has no host, so it answers every Host header (paths ${pathsText(rule)})`);
  });
  const ruleHosts = rules.map((r) => r.host).filter((h): h is string => !!h);
  const claimed = new Set<string>();
  for (const host of wanted) {
    if (ruleHosts.includes(host)) continue;
    const typo = ruleHosts.find((h) => !wanted.includes(h) && editDistance(h, host) <= 2);
    if (typo && host === `*.${typo}`) {
      claimed.add(typo);
      problems.push(
        `no rule for ${host}; rule host "${typo}" is only that one name, with no "*." label before it`,
      );
    } else if (typo) {
      claimed.add(typo);
      problems.push(`no rule for ${host}; rule host "${typo}" is ${lettersOff(typo, host)}`);
    } else problems.push(`no rule for ${host}`);
  }
  for (const host of ruleHosts) {
    if (wanted.includes(host) || claimed.has(host)) continue;
    const wildcardNote = host.startsWith('*.') ? ' (a wildcard covers exactly one label)' : '';
    problems.push(`rule host "${host}" is not one the lab asks for${wildcardNote}`);
  }
  return problems;
}
