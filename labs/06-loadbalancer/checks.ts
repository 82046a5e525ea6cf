// Lab 06's proofs: the Service "backend-lb" is a LoadBalancer on port 80 that selects the 3
// replicas, a provider gave it an external IP, node ports came with it, and a request from this
// machine to that IP reaches every replica. Titles, points and hints are in lab.yaml.

import type { GradingContext } from '@workshop/grader';
import { defineChecks, fail } from '@workshop/grader';
import type { KubeObject } from '@workshop/kube';

const SERVICE = 'backend-lb';
const DEPLOYMENT = 'backend-app';
const PORT = 80;
const TARGET_PORT = 8080;
/** The range the API server allocates node ports from (--service-node-port-range). */
const RANGE = { min: 30000, max: 32767 };
/** How long a provider may take: the sim and cloud-provider-kind answer within a second or two. */
const ASSIGN_MS = 20_000;
/**
 * With spec.loadBalancerClass set, only the provider of that class may answer; the workshop's
 * providers (the sim's and cloud-provider-kind) serve Services without a class, so a class that
 * nothing claims within this time is reported without waiting the full ASSIGN_MS.
 */
const CLASS_ASSIGN_MS = 4_000;

type LoadBalancerIngress = { ip?: string; hostname?: string };
/** The parts of a Service these proofs read. */
type ServiceObject = KubeObject & {
  spec?: { type?: string; loadBalancerClass?: string };
  status?: { loadBalancer?: { ingress?: LoadBalancerIngress[] } };
};

async function externalAddresses(ctx: GradingContext): Promise<string[]> {
  const svc = await ctx.require<ServiceObject>('Service', SERVICE);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  return ingress.flatMap((i) => (i.ip ? [i.ip] : i.hostname ? [i.hostname] : []));
}

/** The external address once a provider wrote it, or a failure that says why it stayed <pending>. */
async function waitForExternalAddress(ctx: GradingContext): Promise<string> {
  const svc = await ctx.require<ServiceObject>('Service', SERVICE);
  if (svc.spec?.type !== 'LoadBalancer')
    fail(
      'an external IP in status.loadBalancer.ingress',
      `none: the Service is type ${svc.spec?.type ?? 'ClusterIP'}, and only a LoadBalancer gets one`,
    );
  const lbClass = svc.spec?.loadBalancerClass;
  const timeoutMs = lbClass ? CLASS_ASSIGN_MS : ASSIGN_MS;
  try {
    return await ctx.waitFor(
      `Service "${SERVICE}" to get an external IP`,
      async () => {
        const [address] = await externalAddresses(ctx);
        return address ? { done: true, value: address } : { done: false, seen: 'EXTERNAL-IP <pending>' };
      },
      { timeoutMs },
    );
  } catch {
    if (lbClass) {
      return fail(
        'an external IP in status.loadBalancer.ingress',
        `EXTERNAL-IP still <pending> after ${timeoutMs / 1000} s: spec.loadBalancerClass is ${lbClass}, so only a ` +
          'provider of that class may assign an address, and no load-balancer provider assigned an address. ' +
          "The workshop's providers serve Services without a class: remove the field (npx lab doctor shows the provider)",
      );
    }
    return fail(
      'an external IP in status.loadBalancer.ingress',
      `EXTERNAL-IP still <pending> after ${ASSIGN_MS / 1000} s: no load-balancer provider assigned an ` +
        'address. On kind, start cloud-provider-kind (npx lab doctor says how); on another ' +
        'cluster, install one (MetalLB on bare metal) or ask who provides load balancers there',
    );
  }
}

export default defineChecks({
  'selects-replicas': async (ctx) => {
    await ctx.expectSelectsReplicas(SERVICE, DEPLOYMENT, 3);
  },

  'type-loadbalancer': async (ctx) => {
    await ctx.expectServiceType(SERVICE, 'LoadBalancer');
  },

  ports: async (ctx) => {
    const port = await ctx.servicePort(SERVICE, PORT);
    const lands = await ctx.containerPort(DEPLOYMENT, port.targetPort ?? PORT);
    if (lands !== TARGET_PORT)
      fail(
        `port ${PORT} → targetPort ${TARGET_PORT} (the container's port)`,
        `port ${PORT} → targetPort ${port.targetPort ?? PORT}, which no container of "${DEPLOYMENT}" listens on`,
      );
    const { nodePort } = port;
    if (nodePort === undefined)
      fail(
        `port ${PORT} with a nodePort in ${RANGE.min}–${RANGE.max}`,
        'no nodePort (the Service opens no node port)',
      );
    if (nodePort < RANGE.min || nodePort > RANGE.max)
      fail(`a nodePort inside ${RANGE.min}–${RANGE.max}`, `nodePort ${nodePort}, outside the range`);
  },

  'external-ip': async (ctx) => {
    await waitForExternalAddress(ctx);
  },

  'lb-traffic': async (ctx) => {
    // external-ip ran just before and waited for the provider; no address now means none came.
    const [address] = await externalAddresses(ctx);
    if (!address)
      fail('an external IP to call from this machine', 'EXTERNAL-IP <pending> (see the external-ip check)');
    const url = `http://${address}:${PORT}/api/v1/hello`;
    const ports = await ctx.servicePorts(SERVICE).catch(() => []);
    if (ports.some((p) => p.port === PORT)) {
      // kube-proxy (or the provider) starts listening a moment after the address is written.
      await ctx
        .waitFor(
          `${url} to answer from this machine`,
          async () => {
            const answer = (await ctx.fetchFromHost(url)).answers[0];
            return answer && !answer.error
              ? { done: true, value: undefined }
              : { done: false, seen: `no answer (${answer?.error})` };
          },
          { timeoutMs: 10_000 },
        )
        .catch(() => undefined);
    }
    // 60 new connections, as 60 curls would be: one of 3 replicas missed by chance is ~3·(2/3)^60.
    await ctx.expectReaches(await ctx.fetchFromHost(url, { count: 60 }), { deployment: DEPLOYMENT });
  },
});
