// After apply, before the checks: Deployments rolled out and Services' endpoints caught up with the
// ready Pods they select. A wait that runs out is a note, not a stop: the checks then say precisely
// what is wrong.
import { describeKubeError, type KubeClient, type KubeObject, WaitTimeoutError } from '@workshop/kube';
import { isPodReady, podsOfSelector } from '../helpers/objects.ts';

export async function settle(kube: KubeClient, objects: KubeObject[], timeoutMs = 90_000): Promise<string[]> {
  const notes: string[] = [];
  const note = (error: unknown) =>
    notes.push(error instanceof WaitTimeoutError ? error.message : describeKubeError(error));
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    await kube
      .waitForDeploymentAvailable(d.metadata.namespace ?? '', d.metadata.name ?? '', { timeoutMs })
      .catch(note);
  }
  for (const s of objects.filter((o) => o.kind === 'Service')) {
    const selector = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!selector || !Object.keys(selector).length) continue;
    const namespace = s.metadata.namespace ?? '';
    const name = s.metadata.name ?? '';
    await kube
      .waitFor(
        `the endpoints of Service ${namespace}/${name} to list its ready Pods`,
        async () => {
          const pods = (
            await kube.list('v1', 'Pod', { namespace, labelSelector: podsOfSelector(selector) })
          ).filter(isPodReady);
          const slices = await kube.list('discovery.k8s.io/v1', 'EndpointSlice', {
            namespace,
            labelSelector: `kubernetes.io/service-name=${name}`,
          });
          const ips = new Set(
            slices.flatMap((sl) =>
              (
                (sl.endpoints as
                  | Array<{ addresses?: string[]; conditions?: { ready?: boolean } }>
                  | undefined) ?? []
              )
                .filter((e) => e.conditions?.ready !== false)
                .flatMap((e) => e.addresses ?? []),
            ),
          );
          const podIPs = pods.map((p) => (p.status as { podIP?: string } | undefined)?.podIP ?? '');
          return podIPs.every((ip) => ips.has(ip)) && ips.size === podIPs.length
            ? { done: true, value: undefined }
            : { done: false, seen: `${ips.size} ready endpoints for ${podIPs.length} ready Pods` };
        },
        { timeoutMs: 15_000 },
      )
      .catch(note);
  }
  return notes;
}
