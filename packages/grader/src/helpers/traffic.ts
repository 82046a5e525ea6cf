// What a burst of requests found: how many answered, which Pods and apps answered, which statuses
// and errors came back. The same shape whether the requests left from a Pod or from the host.
import type { CheckEnv } from '../env.ts';
import { CheckFailure, listText } from '../failure.ts';
import { isPodReady, podsOfSelector, requireObject } from './objects.ts';

export interface Answer {
  /** HTTP status, or 0 when no answer came (see `error`). */
  status: number;
  pod?: string;
  app?: string;
  /** `ECONNREFUSED`, `ETIMEDOUT`, … */
  error?: string;
}

export interface TrafficResult {
  /** What was asked: `GET http://api-service/api/v1/hello` (with ` (Host: x)` when set). */
  request: string;
  count: number;
  /** Answers with a 2xx status. */
  ok: number;
  failed: number;
  /** Answers per Pod name. */
  pods: Record<string, number>;
  /** Answers per app name (X-App-Name). */
  apps: Record<string, number>;
  /** Answers per status, or per error code when no answer came. */
  statuses: Record<string, number>;
  answers: Answer[];
}

export function summarize(request: string, answers: Answer[]): TrafficResult {
  const count = (key: (a: Answer) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const a of answers) {
      const k = key(a);
      if (k) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const ok = answers.filter((a) => a.status >= 200 && a.status < 300).length;
  return {
    request,
    count: answers.length,
    ok,
    failed: answers.length - ok,
    pods: count((a) => a.pod),
    apps: count((a) => a.app),
    statuses: count((a) => (a.status ? String(a.status) : (a.error ?? 'no answer'))),
    answers,
  };
}

export function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, n]) => `${k}: ${n}`).join(', ') : 'none';
}

/** Names of the ready, not terminating Pods of a Deployment. */
export async function backendPods(ctx: CheckEnv, deployment: string): Promise<string[]> {
  const d = await requireObject(ctx, 'Deployment', deployment);
  const matchLabels =
    (d.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ??
    {};
  const pods = await ctx.kube.list('v1', 'Pod', {
    namespace: ctx.namespace,
    labelSelector: podsOfSelector(matchLabels),
  });
  return pods
    .filter(isPodReady)
    .map((p) => p.metadata.name ?? '')
    .sort();
}

export interface ReachesOptions {
  /** Every ready Pod of this Deployment must answer, and no other Pod. */
  deployment?: string;
  /** Or exactly these Pods. */
  pods?: string[];
  /** Tolerated failed requests (default 0). */
  allowFailures?: number;
}

/**
 * Checks that every request succeeded and that the answers came from exactly the expected Pods;
 * returns the Pods that answered.
 */
export async function expectReaches(
  ctx: CheckEnv,
  result: TrafficResult,
  options: ReachesOptions,
): Promise<string[]> {
  const expectedPods = options.pods ?? (options.deployment ? await backendPods(ctx, options.deployment) : []);
  const answered = Object.keys(result.pods).sort();
  const whose = options.deployment ? ` of Deployment "${options.deployment}"` : '';
  const expected = `${result.count} answers to ${result.request} from all ${expectedPods.length} Pods${whose} (${listText(expectedPods)})`;
  if (result.failed > (options.allowFailures ?? 0)) {
    const observed = `${result.failed} of ${result.count} requests failed (${describeCounts(result.statuses)})`;
    throw new CheckFailure(`${result.request}: ${observed}; expected every request to answer 2xx`, {
      expected,
      observed,
    });
  }
  const strangers = answered.filter((p) => !expectedPods.includes(p));
  const missing = expectedPods.filter((p) => !answered.includes(p));
  if (strangers.length || missing.length) {
    const observed = `answers came from ${answered.length} Pod${answered.length === 1 ? '' : 's'} (${describeCounts(result.pods)})`;
    const why = strangers.length
      ? `${listText(strangers)} ${strangers.length === 1 ? 'is' : 'are'} not among the expected Pods`
      : `${listText(missing)} never answered`;
    throw new CheckFailure(
      `${result.count} requests to ${result.request} reached ${answered.length} of the ${expectedPods.length} expected Pods${whose}: ${why} (${describeCounts(result.pods)})`,
      { expected, observed },
    );
  }
  return answered;
}
