// Lab 06's setup steps, run by `npx lab start 06` once the backend is up: show the replicas the
// load balancer will spread over, and where to watch for the external IP. Safe to run again.
import type { LabSetupContext } from '@workshop/runtime';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace } = ctx;
  const pods = await ctx.step('Looking up the backend Pods', () =>
    kube.waitForPodsReady(namespace, 'app=backend-app', { minCount: 3, timeoutMs: 120_000 }),
  );
  ctx.info(`${pods.length} replicas ready: ${pods.map((pod) => pod.metadata.name).join(', ')}`);
  ctx.info(
    `after your change, watch EXTERNAL-IP go from <pending> to an address: kubectl get svc -n ${namespace} -w`,
  );
}
