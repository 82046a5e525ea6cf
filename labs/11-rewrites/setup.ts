// Lab 11's setup steps, run by `npx lab start 11` once the backend is up: show that this cluster
// serves Traefik's Middleware kind (the CRD the rewrite needs), that the backend answers both
// /v1/hello and /api/v1/hello, and that nothing routes /api at the edge yet. Safe to run again.
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace, status } = ctx;

  const pods = await ctx.step('Looking up the backend Pods', () =>
    kube.waitForPodsReady(namespace, 'app=backend', { minCount: 2, timeoutMs: 120_000 }),
  );
  ctx.info(`${pods.length} backend Pods ready; each answers /v1/hello and /api/v1/hello alike`);

  // A Middleware is a custom resource: the API serves it only when Traefik's CRDs are installed.
  const middlewares = await ctx
    .step('Looking up the Middleware kind (traefik.io/v1alpha1)', () =>
      kube.list('traefik.io/v1alpha1', 'Middleware', { namespace }),
    )
    .catch((error: Error) => error);
  if (middlewares instanceof Error) {
    ctx.info(
      `this cluster does not serve traefik.io/v1alpha1 Middleware (${middlewares.message}): Traefik's CRDs are missing`,
    );
  } else {
    ctx.info(
      `the API serves kind Middleware (traefik.io/v1alpha1); ${middlewares.length} in ${namespace} so far`,
    );
  }

  if (!status.http) {
    ctx.info('this runtime reports no HTTP entry point; ask your instructor for the ingress address');
    return;
  }
  const before = await ctx.step('Calling the entry point: /api/v1/hello', () =>
    tryUrl(`${status.http}/api/v1/hello`),
  );
  const who =
    before.status !== undefined && !before.app ? ' (sent by the controller: no Ingress routes /api yet)' : '';
  ctx.info(`${describeTry(before)}${who}`);
  ctx.info(`after npx lab grade 11, see the path the backend got: curl -s ${status.http}/api/v1/hello`);
}
