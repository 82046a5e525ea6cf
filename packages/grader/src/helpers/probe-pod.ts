// The grader's own Pod inside the lab namespace: the backend image with its toolbox on. Requests and
// DNS lookups made from it go through cluster DNS and kube-proxy for real; the grader reaches it
// through the API server's pods proxy, which works on every runtime.
import type { KubeObject } from '@workshop/kube';
import { describePod } from '@workshop/kube';
import type { CheckEnv } from '../env.ts';
import { CheckFailure } from '../failure.ts';
import { isPodReady } from './objects.ts';
import { type Answer, summarize, type TrafficResult } from './traffic.ts';
import { waitOrFail } from './waits.ts';

export const PROBE_POD = 'grader-probe';
export const PROBE_LABELS = {
  'app.kubernetes.io/name': 'grader-probe',
  'app.kubernetes.io/managed-by': 'workshop-grader',
};
const PORT = 8080;

export function probePodManifest(namespace: string, image: string): KubeObject {
  const field = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: PROBE_POD, namespace, labels: { ...PROBE_LABELS } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'toolbox',
          image,
          ports: [{ name: 'http', containerPort: PORT }],
          env: [
            { name: 'TOOLBOX_ENABLED', value: 'true' },
            { name: 'SPRING_APPLICATION_NAME', value: PROBE_POD },
            { name: 'POD_NAME', ...field('metadata.name') },
            { name: 'POD_NAMESPACE', ...field('metadata.namespace') },
          ],
          readinessProbe: { httpGet: { path: '/actuator/health/readiness', port: PORT }, periodSeconds: 1 },
        },
      ],
    },
  };
}

/** Creates the probe Pod in `namespace` when it is missing (or broken), and waits until it is Ready. */
export async function ensureProbePod(ctx: CheckEnv, namespace = ctx.namespace): Promise<void> {
  const ref = { apiVersion: 'v1', kind: 'Pod', name: PROBE_POD, namespace };
  const existing = await ctx.kube.get(ref);
  const image = (existing?.spec as { containers?: Array<{ image?: string }> } | undefined)?.containers?.[0]
    ?.image;
  const phase = (existing?.status as { phase?: string } | undefined)?.phase;
  const stale =
    existing &&
    (image !== ctx.probeImage ||
      phase === 'Failed' ||
      phase === 'Succeeded' ||
      existing.metadata.deletionTimestamp);
  if (stale) {
    await ctx.kube.delete(ref);
    await ctx.kube.waitForDeletion(ref, { timeoutMs: 60_000 });
  }
  if (!existing || stale) {
    await ctx.kube.apply([probePodManifest(namespace, ctx.probeImage)], { fieldManager: 'workshop-grader' });
  }
  // The first backend Pod on a fresh sim may wait for the image build, hence the long deadline.
  await waitOrFail(
    `the grader's probe Pod ${namespace}/${PROBE_POD} to be Ready`,
    async () => {
      const pod = await ctx.kube.get(ref);
      if (!pod) return { done: false, seen: 'the Pod does not exist' };
      return isPodReady(pod) ? { done: true, value: undefined } : { done: false, seen: describePod(pod) };
    },
    { timeoutMs: 180_000 },
  );
}

async function toolbox<T>(ctx: CheckEnv, namespace: string, path: string, timeoutMs: number): Promise<T> {
  await ctx.probeReady(namespace);
  const res = await ctx.kube.proxyPod(namespace, PROBE_POD, PORT, path, { timeoutMs });
  if (res.status !== 200) {
    throw new Error(
      `the grader's probe Pod ${namespace}/${PROBE_POD} answered ${res.status} to ${path}: ${res.body.slice(0, 300)}`,
    );
  }
  return JSON.parse(res.body) as T;
}

export interface PodFetchOptions {
  /** Requests to send, each on a new connection (default 1; 60 for distribution checks). */
  count?: number;
  /** Host header (and TLS server name) to send. */
  host?: string;
  /** Per-request timeout (default 2000 ms). */
  timeoutMs?: number;
  /** Accept self-signed certificates for https:// URLs. */
  insecure?: boolean;
  /** The namespace whose probe Pod sends the requests (default: the lab's first). */
  namespace?: string;
}

interface ToolboxFetch {
  summary: { count: number };
  results: Array<{
    status?: number;
    pod?: string;
    app?: string;
    error?: { code?: string; message?: string };
  }>;
}

/** Sends GETs to `url` from inside the cluster (the probe Pod's toolbox) and summarizes the answers. */
export async function fetchFromPod(
  ctx: CheckEnv,
  url: string,
  options: PodFetchOptions = {},
): Promise<TrafficResult> {
  const namespace = options.namespace ?? ctx.namespace;
  const count = options.count ?? 1;
  const timeoutMs = options.timeoutMs ?? 2000;
  const concurrency = Math.min(10, count);
  const query = new URLSearchParams({
    url,
    count: String(count),
    timeoutMs: String(timeoutMs),
    concurrency: String(concurrency),
  });
  if (options.host) query.set('host', options.host);
  if (options.insecure) query.set('insecure', 'true');
  const body = await toolbox<ToolboxFetch>(
    ctx,
    namespace,
    `/toolbox/fetch?${query}`,
    Math.ceil(count / concurrency) * timeoutMs + 15_000,
  );
  const answers: Answer[] = body.results.map((r) => ({
    status: r.status ?? 0,
    pod: r.pod ?? undefined,
    app: r.app ?? undefined,
    error: r.error?.code ?? r.error?.message,
  }));
  return summarize(
    `GET ${url}${options.host ? ` (Host: ${options.host})` : ''} from a Pod in ${namespace}`,
    answers,
  );
}

export interface Resolution {
  name: string;
  addresses: string[];
  /** `ENOTFOUND` and the like, when the name does not resolve. */
  error?: string;
}

/** Looks `name` up from inside a Pod of `namespace`, with the resolv.conf search list Pods have. */
export async function resolveFromPod(
  ctx: CheckEnv,
  name: string,
  options: { namespace?: string } = {},
): Promise<Resolution> {
  const namespace = options.namespace ?? ctx.namespace;
  const body = await toolbox<{
    addresses?: Array<{ address: string }>;
    error?: { code?: string; message?: string };
  }>(ctx, namespace, `/toolbox/resolve?${new URLSearchParams({ name })}`, 15_000);
  return {
    name,
    addresses: (body.addresses ?? []).map((a) => a.address),
    error: body.error ? (body.error.code ?? body.error.message) : undefined,
  };
}

/**
 * Checks that `name` resolves from a Pod of `namespace`; with `service`, to that Service's ClusterIP.
 * Returns the addresses.
 */
export async function expectResolves(
  ctx: CheckEnv,
  name: string,
  options: { namespace?: string; service?: { name: string; namespace?: string } } = {},
): Promise<string[]> {
  const from = options.namespace ?? ctx.namespace;
  const r = await resolveFromPod(ctx, name, { namespace: from });
  const expected = `"${name}" to resolve from a Pod in ${from}`;
  if (!r.addresses.length) {
    const observed = `it does not resolve (${r.error ?? 'no addresses'})`;
    throw new CheckFailure(
      `${name} does not resolve from a Pod in namespace ${from} (${r.error ?? 'no addresses'})`,
      {
        expected,
        observed,
      },
    );
  }
  if (options.service) {
    const ns = options.service.namespace ?? ctx.namespace;
    const svc = await ctx.kube.get({
      apiVersion: 'v1',
      kind: 'Service',
      name: options.service.name,
      namespace: ns,
    });
    const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
    if (!ip || !r.addresses.includes(ip)) {
      const observed = `it resolves to ${r.addresses.join(', ')}`;
      throw new CheckFailure(
        `${name} resolves to ${r.addresses.join(', ')} from a Pod in ${from}, expected the ClusterIP of Service ${ns}/${options.service.name} (${ip ?? 'none'})`,
        { expected: `${expected} to ${ip ?? `Service ${ns}/${options.service.name}`}`, observed },
      );
    }
  }
  return r.addresses;
}

/** Checks that `name` does NOT resolve from a Pod of `namespace` (e.g. a short name across namespaces). */
export async function expectDoesNotResolve(
  ctx: CheckEnv,
  name: string,
  options: { namespace?: string } = {},
): Promise<void> {
  const from = options.namespace ?? ctx.namespace;
  const r = await resolveFromPod(ctx, name, { namespace: from });
  if (r.addresses.length) {
    throw new CheckFailure(
      `${name} resolves to ${r.addresses.join(', ')} from a Pod in ${from}, expected it not to resolve`,
      {
        expected: `"${name}" not to resolve from a Pod in ${from}`,
        observed: `it resolves to ${r.addresses.join(', ')}`,
      },
    );
  }
}
