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
    const port = await ctx.containerPort(DEPLOYMENT, name);
    if (port === undefined)
      fail(
        `a container port named "${name}" in Deployment "${DEPLOYMENT}"`,
        'no container port has that name',
      );
    if (port === FIRST_PORT)
      fail(`container port "${name}" moved off ${FIRST_PORT}`, `"${name}" is still ${FIRST_PORT}`);
    // The Pods serving now are the moved ones: the same unedited Service must reach them.
    await expectTraffic(ctx, 20);
  },
});
