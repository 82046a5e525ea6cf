// Lab 12's setup steps, run by `npx lab start 12` once base/ is up: show the lab's own ingress
// controller (its Pod, the container ports a Service can name, the class it serves) and that its
// node port answers nothing yet, because no Service opens it. Safe to run again.
import { type KubeObject, podReady } from '@workshop/kube';
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

const CONTROLLER = 'app.kubernetes.io/name=traefik,app.kubernetes.io/instance=lab-12';
const CLASS_FLAG = /^--providers\.kubernetesingress\.ingressclass=(.*)$/i;
/** The node port the lab's Service will open for the controller's web entry point. */
const WEB_NODE_PORT = 30002;

interface PodShape extends KubeObject {
  spec?: {
    containers?: Array<{ args?: string[]; ports?: Array<{ name?: string; containerPort?: number }> }>;
  };
}

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, status } = ctx;
  const gateway = ctx.namespaces[1] ?? ctx.namespace;

  // 1. The controller is a Pod like the app's; its container ports have names a Service can use.
  const pods = await ctx.step('Waiting for the lab-12 ingress controller', () =>
    kube.waitForPodsReady(gateway, CONTROLLER, { minCount: 1, timeoutMs: 120_000 }),
  );
  for (const pod of pods as PodShape[]) {
    const container = pod.spec?.containers?.[0];
    const served = container?.args?.map((a) => CLASS_FLAG.exec(a)?.[1]).find(Boolean) ?? '(every class)';
    const ready = podReady(pod);
    ctx.info(
      `controller Pod ${pod.metadata.namespace}/${pod.metadata.name}: ${ready.ready ? 'Ready' : ready.seen}, serving IngressClass ${served}`,
    );
    const ports = (container?.ports ?? []).map((p) => `${p.name} ${p.containerPort}`).join(', ');
    ctx.info(`its container ports, by name: ${ports}`);
  }

  // 2. Nothing opens a node port for it yet: the learner's Service is the way in.
  if (!status.nodePortHost) {
    ctx.info('this runtime reports no address for node ports; ask your instructor which host to call');
    return;
  }
  const url = `http://${status.nodePortHost}:${WEB_NODE_PORT}/`;
  const now = await ctx.step(`Calling node port ${WEB_NODE_PORT} from this machine`, () => tryUrl(url));
  ctx.info(describeTry(now));
  if (now.error) ctx.info(`nothing answers on ${WEB_NODE_PORT} yet: no Service opens it for the controller`);
  ctx.info(
    `after your change, follow a request hop by hop: npx lab trace http://localhost:${WEB_NODE_PORT}/`,
  );
}
