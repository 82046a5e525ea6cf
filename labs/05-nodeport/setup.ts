// Lab 05's setup steps, run by `npx lab start 05` once the backend is up: show where a NodePort will
// answer on this cluster and what answers there right now, so the learner can see the change their
// Service makes (no answer before, every replica after).
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

/** The node port the lab asks for (exercise/service-spring-service.yaml, TODO 2). */
const NODE_PORT = 30000;

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace, status } = ctx;

  // The three replicas the Service will spread traffic over.
  const pods = await ctx.step('Looking up the backend Pods', () =>
    kube.waitForPodsReady(namespace, 'app=backend-app', { minCount: 3, timeoutMs: 120_000 }),
  );
  ctx.info(`${pods.length} replicas ready: ${pods.map((pod) => pod.metadata.name).join(', ')}`);

  // A NodePort opens the same port on every node. Here "the node" is reachable from your machine at
  // nodePortHost: kind and the sim map ports 30000–30009 of their node to the host's 127.0.0.1
  // (the labs' self-tests run a sim that maps none, so they call its node IP instead).
  if (!status.nodePortHost) {
    ctx.info('this runtime reports no address for node ports; ask your instructor which host to call');
    return;
  }
  const url = `http://${status.nodePortHost}:${NODE_PORT}/api/v1/hello`;
  const now = await ctx.step(`Calling node port ${NODE_PORT} from this machine`, () => tryUrl(url));
  ctx.info(describeTry(now));
  if (now.error) {
    ctx.info(`nothing answers on ${NODE_PORT} yet: a ClusterIP Service is only reachable inside the cluster`);
  }
  ctx.info(`after your change, run it a few times and watch the Pod name change: curl -s ${url}`);
}
