// Lab 08's setup steps, run by `npx lab start 08` once both apps are up: show the ingress controller
// the Ingress will be written for (its IngressClass), where its entry point is, and that without an
// Ingress it answers every path with its own 404, which no app sent.
import type { KubeObject } from '@workshop/kube';
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, status } = ctx;

  // An Ingress is only a routing order; a controller reads it. `spec.ingressClassName` names which
  // one, through an IngressClass object (kubectl get ingressclass).
  const classes = await ctx.step('Looking up the IngressClasses', () =>
    kube.list<KubeObject>('networking.k8s.io/v1', 'IngressClass'),
  );
  if (!classes.length) ctx.info('no IngressClass exists: no ingress controller is installed on this cluster');
  for (const item of classes) {
    const controller = (item.spec as { controller?: string } | undefined)?.controller ?? '?';
    const isDefault = item.metadata.annotations?.[DEFAULT_CLASS] === 'true' ? ' (default class)' : '';
    ctx.info(`IngressClass ${item.metadata.name}: controller ${controller}${isDefault}`);
  }

  // The controller's entry point. With no Ingress for these paths yet, it answers 404 itself: the
  // answer has no X-App-Name header because neither hello-world nor hello-kubernetes saw it.
  if (!status.http) {
    ctx.info('this runtime reports no HTTP entry point; ask your instructor for the ingress address');
    return;
  }
  for (const path of ['/', '/kube']) {
    const result = await ctx.step(`Calling the entry point: ${path}`, () => tryUrl(`${status.http}${path}`));
    // No X-App-Name header means no app saw the request: the controller answered it.
    const who =
      result.status !== undefined && !result.app ? ' (sent by the controller: no app has this path yet)' : '';
    ctx.info(`${describeTry(result)}${who}`);
  }
  ctx.info(`after your change, compare: curl -si ${status.http}/kube/x | grep -i x-app-name`);
  ctx.info(`and the near miss:        curl -si ${status.http}/kubex | grep -i x-app-name`);
}
