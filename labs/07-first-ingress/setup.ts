// Lab 07's setup steps, run by `npx lab start 07` once the backend is up: before the learner writes
// an Ingress, show the ingress controller it will be an order for. The controller is an ordinary
// Pod behind an ordinary NodePort Service, and an IngressClass names it; with no Ingress for the
// backend yet, the entry point answers with the controller's own 404. Safe to run again.
import { type KubeObject, podReady } from '@workshop/kube';
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

const CONTROLLER = 'app.kubernetes.io/name=traefik';
const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';

interface ServiceShape extends KubeObject {
  spec?: {
    type?: string;
    ports?: Array<{ name?: string; port: number; targetPort?: number | string; nodePort?: number }>;
  };
}

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace, status } = ctx;
  await ctx.step('Waiting for the 2 backend Pods', () =>
    kube.waitForPodsReady(namespace, 'app=backend-app', { minCount: 2, timeoutMs: 120_000 }),
  );

  // 1. The controller is a Pod like any other; it watches Ingresses and routes what they say.
  const pods = await ctx.step('Looking up the ingress controller', () =>
    kube.list('v1', 'Pod', { labelSelector: CONTROLLER }),
  );
  if (!pods.length)
    ctx.info('no ingress controller Pod (app.kubernetes.io/name=traefik) runs on this cluster');
  for (const pod of pods) {
    ctx.info(
      `controller Pod ${pod.metadata.namespace}/${pod.metadata.name}: ${podReady(pod).ready ? 'Ready' : podReady(pod).seen}`,
    );
  }

  // 2. Its way in from outside: a NodePort Service with one port per entry point.
  const services = await kube.list<ServiceShape>('v1', 'Service', { labelSelector: CONTROLLER });
  for (const svc of services) {
    const ports = (svc.spec?.ports ?? [])
      .map(
        (p) =>
          `${p.name ?? '?'} port ${p.port} → targetPort ${p.targetPort ?? p.port}${p.nodePort ? `, nodePort ${p.nodePort}` : ''}`,
      )
      .join('; ');
    ctx.info(
      `Service ${svc.metadata.namespace}/${svc.metadata.name} (${svc.spec?.type ?? 'ClusterIP'}): ${ports}`,
    );
  }

  // 3. The name an Ingress uses to pick it: the IngressClass, and whether it is the default.
  const classes = await kube.list<KubeObject & { spec?: { controller?: string } }>(
    'networking.k8s.io/v1',
    'IngressClass',
  );
  if (!classes.length) ctx.info('no IngressClass exists: no ingress controller is installed on this cluster');
  for (const cls of classes) {
    const isDefault = cls.metadata.annotations?.[DEFAULT_CLASS] === 'true' ? ' (default class)' : '';
    ctx.info(`IngressClass ${cls.metadata.name}: controller ${cls.spec?.controller ?? '?'}${isDefault}`);
  }

  // 4. The entry point already answers, but only with the controller's 404: no app has a route yet.
  if (!status.http) {
    ctx.info('this runtime reports no HTTP entry point; ask your instructor for the ingress address');
    return;
  }
  const result = await ctx.step('Calling the entry point', () => tryUrl(`${status.http}/api/v1/hello`));
  const who =
    result.status !== undefined && !result.app ? ' (sent by the controller: no Ingress routes it yet)' : '';
  ctx.info(`${describeTry(result)}${who}`);
}
