// Lab 03's setup steps, run by `npx lab start 03` once base/ is ready: show the two namespaces, what
// runs in each, and the client Pod the learner calls from. Nothing is changed, so it is safe to run
// again.
import type { LabSetupContext } from '@workshop/runtime';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace } = ctx;
  const shop = ctx.namespaces[1] ?? 'lab-03-shop';

  const api = await ctx.step(`Looking up the api Pods in ${namespace}`, () =>
    kube.waitForPodsReady(namespace, 'app=api', { minCount: 2, timeoutMs: 120_000 }),
  );
  ctx.info(`${namespace}: Service api-service in front of ${api.map((p) => p.metadata.name).join(', ')}`);

  const catalog = await ctx.step(`Looking up the catalog Pods in ${shop}`, () =>
    kube.waitForPodsReady(shop, 'app=catalog', { minCount: 2, timeoutMs: 120_000 }),
  );
  ctx.info(`${shop}: ${catalog.map((p) => p.metadata.name).join(', ')}, with no Service yet`);

  await ctx.step(`Waiting for the client Pod in ${namespace}`, () =>
    kube.waitForPodReady(namespace, 'client', { timeoutMs: 120_000 }),
  );
  ctx.info(`call from it: kubectl exec -n ${namespace} client -- curl -s http://api-service/api/v1/hello`);
  ctx.info(`its resolver's search path: kubectl exec -n ${namespace} client -- cat /etc/resolv.conf`);
}
