// Does a Service select exactly the backend's Pods? The answer compares the Service's selector with
// the labels the backend Pods really carry, the way a learner should debug it.
import type { KubeObject } from '@workshop/kube';
import type { CheckEnv } from '../env.ts';
import { CheckFailure, formatLabels, listText } from '../failure.ts';
import { podsOfSelector, requireObject } from './objects.ts';

export interface SelectsOptions {
  /** The backend: the Deployment whose Pods the Service must select (all of them, nothing else). */
  deployment: string;
}

function matches(labels: Record<string, string> | undefined, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function podLabels(pod: KubeObject): Record<string, string> {
  return pod.metadata.labels ?? {};
}

/**
 * Checks that Service `service` selects exactly the Pods of Deployment `deployment`; returns their
 * names. Failures read like `Service "api-service" selects {app: MyApp} but the backend Pods are
 * labelled {app: api}`.
 */
export async function expectServiceSelects(
  ctx: CheckEnv,
  service: string,
  options: SelectsOptions,
): Promise<string[]> {
  const svc = await requireObject(ctx, 'Service', service);
  const deployment = await requireObject(ctx, 'Deployment', options.deployment);
  const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
  const dSelector =
    (deployment.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector
      ?.matchLabels ?? {};
  const templateLabels =
    (deployment.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)
      ?.template?.metadata?.labels ?? {};
  const all = (await ctx.kube.list('v1', 'Pod', { namespace: ctx.namespace })).filter(
    (p) => !p.metadata.deletionTimestamp,
  );
  const backend = all.filter((p) => Object.keys(dSelector).length > 0 && matches(podLabels(p), dSelector));
  const backendNames = backend.map((p) => p.metadata.name ?? '').sort();
  const who = `Service "${service}"`;
  const backendLabels = formatLabels(templateLabels);
  const expected = `${who} to select exactly the ${backendNames.length} Pods of Deployment "${options.deployment}" (labelled ${backendLabels})`;
  if (Object.keys(selector).length === 0) {
    const observed = 'no selector, so it selects no Pods';
    throw new CheckFailure(`${who} has ${observed}; the backend Pods are labelled ${backendLabels}`, {
      expected,
      observed,
    });
  }
  const selected = all.filter((p) => matches(podLabels(p), selector));
  const selectedNames = selected.map((p) => p.metadata.name ?? '').sort();
  if (selected.length === 0) {
    const observed = `selector ${formatLabels(selector)} matches no Pod`;
    throw new CheckFailure(
      `${who} selects ${formatLabels(selector)} but the backend Pods are labelled ${backendLabels}`,
      { expected, observed },
    );
  }
  const extra = selected.filter((p) => !backendNames.includes(p.metadata.name ?? ''));
  if (extra.length) {
    const observed = `it also selects ${listText(extra.map((p) => `${p.metadata.name} (labelled ${formatLabels(podLabels(p))})`))}`;
    throw new CheckFailure(
      `${who} selects ${formatLabels(selector)}, which also matches ${extra.length === 1 ? 'a Pod' : 'Pods'} outside Deployment "${options.deployment}": ${listText(extra.map((p) => `${p.metadata.name} ${formatLabels(podLabels(p))}`))}; select by a label only the backend Pods carry, ${backendLabels}`,
      { expected, observed },
    );
  }
  const missing = backendNames.filter((n) => !selectedNames.includes(n));
  if (missing.length) {
    const observed = `it selects ${selectedNames.length} of the ${backendNames.length} backend Pods`;
    throw new CheckFailure(
      `${who} selects ${formatLabels(selector)}, which matches only ${selectedNames.length} of the ${backendNames.length} backend Pods; the backend Pods are labelled ${backendLabels}`,
      { expected, observed },
    );
  }
  return selectedNames;
}

/** A label selector string for a Deployment's Pods (`app=api`). */
export async function deploymentSelector(ctx: CheckEnv, deployment: string): Promise<string> {
  const d = await requireObject(ctx, 'Deployment', deployment);
  const matchLabels =
    (d.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ??
    {};
  return podsOfSelector(matchLabels);
}
