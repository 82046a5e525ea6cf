// Lab 01's grader: the Service "api-service" is a stable ClusterIP front for the 3 backend Pods —
// right type and ports, exactly the ready backend Pods as endpoints, traffic from inside the cluster
// reaching all of them, and still answering while a Pod is replaced. Run by `npx lab grade 01`.
import { check, fail, type GradingContext, listText } from '@workshop/grader';
import { expectSelectsReplicas, expectServiceType, servicePort } from '../lib/service-checks.ts';

const SERVICE = 'api-service';
const DEPLOYMENT = 'api';
/** What a client Pod in the namespace calls: the Service's short DNS name on port 80. */
const URL = `http://${SERVICE}/api/v1/hello`;

check(
  'Service "api-service" exists and is type ClusterIP',
  {
    points: 1,
    hint: 'The Service comes from exercise/service-api-service.yaml when you run npx lab grade 01: check its metadata.name, and leave spec.type out or name the default type',
    section: 'what-a-service-gives-you',
  },
  async (ctx) => {
    await expectServiceType(ctx, SERVICE, 'ClusterIP');
  },
);

check(
  "Port 80 forwards to the containers' port 8080",
  {
    points: 2,
    hint: 'port is what clients call and targetPort is where the container listens: compare targetPort with containerPort in base/deployment-api.yaml',
    section: 'the-lab',
  },
  async (ctx) => {
    const port = await servicePort(ctx, SERVICE, 80);
    const target = await containerPortOf(ctx, port.targetPort ?? 80);
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
);

check(
  'Its endpoints are exactly the 3 ready backend Pods',
  {
    points: 2,
    hint: "spec.selector must match the labels of the Pods (the Deployment's spec.template.metadata.labels), exactly and case-sensitively; try kubectl get pods -n lab-01 --show-labels",
    section: 'what-a-service-gives-you',
  },
  async (ctx) => {
    await expectSelectsReplicas(ctx, SERVICE, DEPLOYMENT, 3);
  },
);

check(
  'Requests to http://api-service from inside the cluster reach all 3 Pods',
  {
    points: 3,
    hint: 'Traffic goes to each endpoint on its targetPort: if the endpoints are right but requests fail, check which port the containers listen on',
    section: 'what-a-service-gives-you',
  },
  async (ctx) => {
    // 60 new connections: with 3 Pods picked at random per connection, missing one by chance is
    // about 3·(2/3)^60 ≈ 10⁻¹⁰.
    const result = await ctx.fetchFromPod(URL, { count: 60 });
    await ctx.expectReaches(result, { deployment: DEPLOYMENT });
  },
);

check(
  'After a Pod is deleted the Service keeps answering and the new Pod joins its endpoints',
  {
    points: 2,
    hint: 'A Service follows labels, not Pod names or IPs: the replacement Pod has the template labels, so a selector that matches them picks it up by itself',
    section: 'what-a-service-gives-you',
  },
  async (ctx) => {
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
);

/** The container port a Service targetPort lands on in the backend Pods (a name is looked up). */
async function containerPortOf(ctx: GradingContext, target: number | string): Promise<number | undefined> {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const deployment = await ctx.require('Deployment', DEPLOYMENT);
  const containers =
    (
      deployment.spec as
        | {
            template?: {
              spec?: { containers?: Array<{ ports?: Array<{ name?: string; containerPort?: number }> }> };
            };
          }
        | undefined
    )?.template?.spec?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
}

/** `200: 18, ECONNREFUSED: 2` */
function counts(byKey: Record<string, number>): string {
  return Object.entries(byKey)
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ');
}
