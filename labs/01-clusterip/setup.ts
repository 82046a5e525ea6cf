// Lab 01's setup steps, run by `npx lab start 01` once the backend is up: before the learner writes a
// Service, show why one is needed. A Pod IP is a variable: delete a Pod and its replacement comes
// back under a new name with a new IP, so nobody can keep calling the old one.
import { type KubeObject, podReady } from '@workshop/kube';
import type { LabSetupContext } from '@workshop/runtime';

/** The label the Deployment "api" puts on its Pods (base/deployment-api.yaml, spec.template). */
const BACKEND = 'app=api';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace } = ctx;

  // 1. Three Pods, three IPs. This is what `kubectl get pods -o wide` shows in its IP column.
  const before = await ctx.step('Looking up the backend Pods and their IPs', () =>
    kube.waitForPodsReady(namespace, BACKEND, { minCount: 3, timeoutMs: 120_000 }),
  );
  for (const pod of before) ctx.info(`${pod.metadata.name}  IP ${podIP(pod)}`);

  // 2. Take one away, as a node failure, a crash or a rollout would.
  const victim = before[0] as KubeObject;
  const victimName = victim.metadata.name ?? '';
  await ctx.step(`Deleting Pod ${victimName} (IP ${podIP(victim)})`, () =>
    kube.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name: victimName }),
  );

  // 3. The ReplicaSet sees one Pod missing and creates a new one from the same template: the same
  //    labels, but a new name and, once it is scheduled and running, a new IP.
  const known = new Set(before.map((pod) => pod.metadata.name));
  const replacement = await ctx.step('Waiting for the ReplicaSet to replace it', () =>
    kube.waitFor(
      `a new Ready Pod with ${BACKEND} in ${namespace}`,
      async () => {
        const pods = await kube.list('v1', 'Pod', { namespace, labelSelector: BACKEND });
        const fresh = pods.find((pod) => !known.has(pod.metadata.name));
        if (!fresh) return { done: false, seen: 'no new Pod yet' };
        const verdict = podReady(fresh);
        return verdict.ready
          ? { done: true, value: fresh }
          : { done: false, seen: `${fresh.metadata.name}: ${verdict.seen}` };
      },
      { timeoutMs: 120_000 },
    ),
  );
  const oldIP = podIP(victim);
  const newIP = podIP(replacement);
  ctx.info(`${replacement.metadata.name}  IP ${newIP}  (replaces ${victimName}, which had ${oldIP})`);
  if (newIP === oldIP) {
    // Address pools may hand the freed address out again; nothing promises it either way.
    ctx.info('this time the cluster happened to reuse the old address; nothing guarantees that');
  }

  ctx.info(
    'a Pod IP is a variable: your Service "api-service" will be the constant in front of whichever Pods are ready',
  );
  ctx.info(
    `watch it yourself: kubectl get pods -n ${namespace} -o wide, then kubectl delete pod -n ${namespace} <name>`,
  );
}

function podIP(pod: KubeObject): string {
  return (pod.status as { podIP?: string } | undefined)?.podIP ?? '<none yet>';
}
