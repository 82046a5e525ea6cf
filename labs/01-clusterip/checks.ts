// Lab 01's proofs: the Service "api-service" is a stable ClusterIP front for the 3 backend Pods —
// right type and ports, exactly the ready backend Pods as endpoints, traffic from inside the cluster
// reaching all of them, and still answering while a Pod is replaced. Titles, points and hints are in
// lab.yaml.
import { defineChecks, fail, listText } from '@workshop/grader';

const SERVICE = 'api-service';
const DEPLOYMENT = 'api';
/** What a client Pod in the namespace calls: the Service's short DNS name on port 80. */
const URL = `http://${SERVICE}/api/v1/hello`;

export default defineChecks({
  'service-type': async (ctx) => {
    await ctx.expectServiceType(SERVICE, 'ClusterIP');
  },

  ports: async (ctx) => {
    const port = await ctx.servicePort(SERVICE, 80);
    const target = await ctx.containerPort(DEPLOYMENT, port.targetPort ?? 80);
    if (target !== 8080) {
      const named =
        typeof port.targetPort === 'string'
          ? ` ("${port.targetPort}" is ${target ?? 'no container port'})`
          : '';
      fail(
        'port 80 → targetPort 8080, where the backend containers listen',
        `port 80 → targetPort ${port.targetPort ?? 80}${named}`,
      );
    }
  },

  endpoints: async (ctx) => {
    await ctx.expectSelectsReplicas(SERVICE, DEPLOYMENT, 3);
  },

  traffic: async (ctx) => {
    // 60 new connections: with 3 Pods picked at random per connection, missing one by chance is
    // about 3·(2/3)^60 ≈ 10⁻¹⁰.
    const result = await ctx.fetchFromPod(URL, { count: 60 });
    await ctx.expectReaches(result, { deployment: DEPLOYMENT });
  },

  replaced: async (ctx) => {
    // Only a Service that answers now can show that it keeps answering: otherwise leave the Pods be.
    const now = await ctx.fetchFromPod(URL, { count: 3 });
    if (now.ok === 0) {
      fail(
        `Service "${SERVICE}" to answer before a Pod is deleted`,
        `no answer (${counts(now.statuses)}); the checks above say why`,
      );
    }
    const before = await ctx.backendPods(DEPLOYMENT);
    const victim = before[0];
    if (!victim) fail(`ready Pods of Deployment "${DEPLOYMENT}"`, 'none');
    await ctx.kube.delete({ apiVersion: 'v1', kind: 'Pod', namespace: ctx.namespace, name: victim });

    // While the Pod terminates and its replacement starts, the Service must keep answering: ask it
    // again and again until the replacement is ready, and count every request that failed.
    let sent = 0;
    let failed = 0;
    const statuses: Record<string, number> = {};
    const after = await ctx.waitFor(
      `a ready replacement for Pod ${victim} (3 ready Pods of Deployment "${DEPLOYMENT}", ${victim} not among them)`,
      async () => {
        const burst = await ctx.fetchFromPod(URL, { count: 5 });
        sent += burst.count;
        failed += burst.failed;
        for (const [key, n] of Object.entries(burst.statuses)) statuses[key] = (statuses[key] ?? 0) + n;
        const pods = await ctx.backendPods(DEPLOYMENT);
        return pods.length === 3 && !pods.includes(victim)
          ? { done: true, value: pods }
          : { done: false, seen: `ready Pods: ${listText(pods)}` };
      },
      { timeoutMs: 60_000 },
    );
    if (failed > 0) {
      fail(
        `every request to Service "${SERVICE}" to be answered while Pod ${victim} was replaced`,
        `${failed} of ${sent} requests failed (${counts(statuses)})`,
      );
    }
    await ctx.expectReadyEndpoints(SERVICE, { pods: after });
    const result = await ctx.fetchFromPod(URL, { count: 60 });
    await ctx.expectReaches(result, { pods: after });
  },
});

/** `200: 18, ECONNREFUSED: 2` */
function counts(byKey: Record<string, number>): string {
  return Object.entries(byKey)
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ');
}
