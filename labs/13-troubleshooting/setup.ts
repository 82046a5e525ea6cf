// Lab 13's setup, run by `npx lab start 13` once the shop Pods are up: deploy the broken setup (the
// exercise files as they are now, labelled as `lab grade` labels a submission, so a grade replaces
// them in place) and show its symptom from the host, the first line of the checklist.
import { SUBMITTED_LABEL, SUBMITTED_VALUE } from '@workshop/grader';
import { loadManifests, sortForApply } from '@workshop/kube';
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

const HOST = 'shop.example.com';
const PATH = '/api/v1/hello';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace, status } = ctx;
  const pods = await ctx.step('Waiting for the 2 shop Pods', () =>
    kube.waitForPodsReady(namespace, 'app=shop', { minCount: 2, timeoutMs: 120_000 }),
  );
  ctx.info(`${pods.length} shop Pods ready: ${pods.map((pod) => pod.metadata.name).join(', ')}`);

  const objects = loadManifests([`${ctx.dir}/exercise`]).map(({ object }) => ({
    ...object,
    metadata: {
      ...object.metadata,
      namespace,
      labels: { ...(object.metadata?.labels ?? {}), [SUBMITTED_LABEL]: SUBMITTED_VALUE },
    },
  }));
  // The Service before the Ingress, so the controller never sees a backend that does not exist yet.
  const ordered = sortForApply(objects.map((object) => ({ object, kind: object.kind }))).map((o) => o.object);
  await ctx.step('Deploying the broken setup (exercise/: Service shop, Ingress shop)', () =>
    kube.apply(ordered, { fieldManager: 'lab-grade', force: true }),
  );

  if (!status.http) {
    ctx.info('this runtime reports no HTTP entry point; ask your instructor for the ingress address');
    return;
  }
  const url = `${status.http}${PATH}`;
  const result = await ctx.step(`Calling the entry point as ${HOST}`, () => tryUrl(url, { host: HOST }));
  const who = result.status !== undefined && !result.app ? ' (sent by the controller: no app answered)' : '';
  ctx.info(`${describeTry(result).replace(url, `${url} (Host: ${HOST})`)}${who}`);
  ctx.info('three faults lie between the entry point and the shop Pods: walk the checklist to find them');
  ctx.info(`start with: curl -v -H 'Host: ${HOST}' ${url}`);
}
