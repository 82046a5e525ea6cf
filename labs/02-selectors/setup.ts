// Lab 02's setup steps, run by `npx lab start 02` once base/ is ready: show every Pod in the
// namespace with its labels (the view a selector is matched against), then put the starter Service
// in place as shipped and show that its selector {app: MyApp} gives it no endpoints. Safe to run
// again: a Service "api-service" that already exists (a graded one, say) is left alone.
import type { KubeObject } from '@workshop/kube';
import type { LabSetupContext } from '@workshop/runtime';

const SERVICE = 'api-service';

/** exercise/service-api-service.yaml as shipped, whatever the learner has made of the file since. */
function starter(namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: SERVICE, namespace, labels: { 'workshop.dev/created-by': 'lab-start' } },
    spec: { selector: { app: 'MyApp' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { kube, namespace } = ctx;
  // The 3 API Pods and the decoy "worker": all four must be ready before the learner compares labels.
  await ctx.step('Waiting for the API Pods and the worker', async () => {
    await kube.waitForPodsReady(namespace, 'app=api', { minCount: 3, timeoutMs: 120_000 });
    await kube.waitForPodsReady(namespace, 'app=worker', { minCount: 1, timeoutMs: 120_000 });
  });
  // `kubectl get pods --show-labels` prints the same thing in its LABELS column.
  const pods = await kube.list('v1', 'Pod', { namespace });
  for (const pod of pods) {
    const labels = Object.entries(pod.metadata.labels ?? {})
      .filter(([key]) => key !== 'pod-template-hash')
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    ctx.info(`${pod.metadata.name}  ${labels}`);
  }

  if (await kube.get({ apiVersion: 'v1', kind: 'Service', namespace, name: SERVICE })) {
    ctx.info(`Service "${SERVICE}" is already there; left as it is`);
  } else {
    await ctx.step(`Creating the starter Service "${SERVICE}" (selector app: MyApp)`, () =>
      kube.apply([starter(namespace)], { namespace, fieldManager: 'lab-start' }),
    );
    // The EndpointSlice controller writes a slice for every Service with a selector, empty when the
    // selector matches no Pod: wait for it, so what is printed is what the cluster decided.
    const addresses = await ctx.step('Reading its endpoints', () =>
      kube.waitFor(
        `an EndpointSlice of Service "${SERVICE}"`,
        async () => {
          const slices = await kube.list('discovery.k8s.io/v1', 'EndpointSlice', {
            namespace,
            labelSelector: `kubernetes.io/service-name=${SERVICE}`,
          });
          if (slices.length === 0) return { done: false, seen: 'no EndpointSlice yet' };
          const found = slices.flatMap(
            (slice) => (slice as { endpoints?: Array<{ addresses?: string[] }> }).endpoints ?? [],
          );
          return { done: true, value: found.flatMap((e) => e.addresses ?? []) };
        },
        { timeoutMs: 30_000 },
      ),
    );
    ctx.info(
      addresses.length === 0
        ? `Service "${SERVICE}" has no endpoints: no Pod is labelled app=MyApp`
        : `Service "${SERVICE}" has ${addresses.length} endpoints`,
    );
  }
  ctx.info('a Service selects a Pod only when the Pod carries every label of its selector, spelled exactly');
  ctx.info(`compare: kubectl get pods -n ${namespace} --show-labels`);
}
