// Lab 04's proofs: traffic through Service "backend" reaches both Pods, its targetPort is a
// container port's name, and after the container moved off 8080 the same Service still works.
// Titles, points and hints are in lab.yaml.
import { defineChecks, fail, type GradingContext } from '@workshop/grader';

const SERVICE = 'backend';
const DEPLOYMENT = 'backend';
const PORT = 80;
const FIRST_PORT = 8080;

async function expectTraffic(ctx: GradingContext, count: number): Promise<void> {
  // New connections each: with 2 Pods, missing one by chance over 40 is about 2·(1/2)^40.
  const result = await ctx.fetchFromPod(`http://${SERVICE}/api/v1/hello`, { count });
  await ctx.expectReaches(result, { deployment: DEPLOYMENT });
}

/** The Service's targetPort for port 80, failing unless it is a name. */
async function namedTarget(ctx: GradingContext): Promise<string> {
  const { targetPort } = await ctx.servicePort(SERVICE, PORT);
  if (typeof targetPort !== 'string' || /^\d+$/.test(targetPort))
    fail('targetPort naming a container port (a string)', `targetPort ${targetPort ?? '(none)'}, a number`);
  return targetPort;
}

export default defineChecks({
  traffic: async (ctx) => {
    await expectTraffic(ctx, 40);
  },

  'named-target-port': async (ctx) => {
    const name = await namedTarget(ctx);
    const port = await ctx.containerPort(DEPLOYMENT, name);
    if (port === undefined)
      fail(
        `a container port named "${name}" in Deployment "${DEPLOYMENT}"`,
        'no container port has that name',
      );
  },

  'port-moved': async (ctx) => {
    const name = await namedTarget(ctx);
    // The Pods that serve, not only the template: during a rollout that never finishes (a port the
    // app does not bind fails the readiness probe), the old Pods on 8080 keep answering.
    const pods = await ctx.kube.list('v1', 'Pod', { namespace: ctx.namespace, labelSelector: 'app=backend' });
    const ready = pods.filter((p) =>
      (p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
    );
    if (ready.length === 0) fail('ready backend Pods', 'none');
    for (const pod of ready) {
      const containers =
        (pod.spec as { containers?: Array<{ ports?: Array<{ name?: string; containerPort?: number }> }> })
          ?.containers ?? [];
      const port = containers.flatMap((c) => c.ports ?? []).find((p) => p.name === name)?.containerPort;
      const who = `Pod ${pod.metadata.name}`;
      if (port === undefined) fail(`${who} to declare a port named "${name}"`, 'no port with that name');
      if (port === FIRST_PORT)
        fail(
          `container port "${name}" moved off ${FIRST_PORT}`,
          `${who} still serves "${name}" on ${FIRST_PORT}`,
        );
    }
    // Those moved Pods are the ones the same, unedited Service must reach.
    await expectTraffic(ctx, 20);
  },
});
