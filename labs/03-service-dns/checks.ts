// Lab 03's proofs: from a Pod in lab-03, api-service answers by every name the search path completes;
// the learner's Service "catalog" lives in lab-03-shop beside its Pods and answers there by
// <service>.<namespace> and longer names; and no short name crosses a namespace. Each name is
// resolved inside a Pod (its resolv.conf search path) and then called, so a name that resolves to a
// Service with no working endpoints still fails. Titles, points and hints are in lab.yaml.
import { defineChecks, fail, type GradingContext, listText } from '@workshop/grader';

const API = 'api-service';
const CATALOG = 'catalog';
const SHOP = 'lab-03-shop';
const ZONE = 'cluster.local';
/** 20 new connections per name: missing one of 2 Pods by chance is 2·(1/2)^20 ≈ 2·10⁻⁶. */
const COUNT = 20;

/** A name, the ladder of longer ones: `catalog.lab-03-shop`, `….svc`, `….svc.cluster.local`. */
function longNames(service: string, namespace: string): string[] {
  return [`${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.${ZONE}`];
}

/** Ready Pods labelled app=<app> in the context's namespace. */
async function readyPods(ctx: GradingContext, app: string): Promise<string[]> {
  const pods = await ctx.kube.list('v1', 'Pod', { namespace: ctx.namespace, labelSelector: `app=${app}` });
  return pods
    .filter((pod) => {
      const status = pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined;
      return (
        !pod.metadata.deletionTimestamp &&
        status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
      );
    })
    .map((pod) => pod.metadata.name ?? '')
    .sort();
}

/**
 * Each name resolves from a Pod in lab-03 to the Service's ClusterIP, and requests to it reach
 * exactly `pods`.
 */
async function expectAnswersByName(
  ctx: GradingContext,
  names: string[],
  service: { name: string; namespace: string },
  pods: string[],
): Promise<void> {
  for (const name of names) {
    await ctx.expectResolves(name, { service });
    const result = await ctx.fetchFromPod(`http://${name}/api/v1/hello`, { count: COUNT });
    await ctx.expectReaches(result, { pods });
  }
}

export default defineChecks({
  'same-namespace': async (ctx) => {
    const pods = await ctx.backendPods('api');
    await expectAnswersByName(
      ctx,
      [API, ...longNames(API, ctx.namespace)],
      { name: API, namespace: ctx.namespace },
      pods,
    );
  },

  'catalog-service': async (ctx) => {
    const shop = ctx.inNamespace(SHOP);
    if (!(await shop.get('Service', CATALOG))) {
      // Say where it went instead, if it exists elsewhere in the lab.
      const elsewhere = await ctx.get('Service', CATALOG);
      if (elsewhere)
        fail(
          `Service "${CATALOG}" in namespace ${shop.namespace}, where the catalog Pods run`,
          `Service "${CATALOG}" is in namespace ${ctx.namespace}, where no catalog Pod runs`,
        );
    }
    await shop.expectSelectsReplicas(CATALOG, CATALOG, 2);
  },

  'cross-namespace': async (ctx) => {
    const shop = ctx.inNamespace(SHOP);
    const pods = await readyPods(shop, CATALOG);
    if (pods.length === 0) fail(`ready catalog Pods in namespace ${shop.namespace}`, 'none');
    await expectAnswersByName(
      ctx,
      longNames(CATALOG, shop.namespace),
      { name: CATALOG, namespace: shop.namespace },
      pods,
    );
  },

  'short-name-across': async (ctx) => {
    const shop = ctx.inNamespace(SHOP);
    // The short names, each from the other side: the search path only completes the caller's own
    // namespace (<name>.<ns>.svc.cluster.local), then svc.cluster.local and cluster.local.
    await ctx.expectDoesNotResolve(CATALOG);
    await shop.expectDoesNotResolve(API);
    // A short name that fails proves nothing while the long one fails too (no Service at all).
    const long = `${CATALOG}.${shop.namespace}`;
    const found = await ctx.resolve(long);
    if (!found.addresses.length)
      fail(
        `${long} to resolve from a Pod in ${ctx.namespace}, so that only its short name fails`,
        `${long} does not resolve either (${found.error ?? 'no addresses'}); Services in ${shop.namespace}: ${listText(
          (await ctx.kube.list('v1', 'Service', { namespace: shop.namespace })).map(
            (s) => s.metadata.name ?? '',
          ),
        )}`,
      );
  },
});
