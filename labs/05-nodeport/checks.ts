// Lab 05's proofs: the Service "spring-service" is a NodePort pinned to 30000 that still selects the
// 3 replicas, and a request from this machine to <node>:30000 reaches every one of them — what a
// learner's `curl localhost:30000` proves. Titles, points and hints are in lab.yaml.
import { defineChecks, fail } from '@workshop/grader';

const SERVICE = 'spring-service';
const DEPLOYMENT = 'backend-app';
const NODE_PORT = 30000;
/** The range the API server allocates node ports from (--service-node-port-range). */
const RANGE = { min: 30000, max: 32767 };

export default defineChecks({
  'selects-replicas': async (ctx) => {
    await ctx.expectSelectsReplicas(SERVICE, DEPLOYMENT, 3);
  },

  'type-nodeport': async (ctx) => {
    await ctx.expectServiceType(SERVICE, 'NodePort');
  },

  'node-port': async (ctx) => {
    const { nodePort } = await ctx.servicePort(SERVICE, 8080);
    if (nodePort === undefined)
      fail(`port 8080 with nodePort ${NODE_PORT}`, 'no nodePort (the Service opens no node port)');
    if (nodePort < RANGE.min || nodePort > RANGE.max)
      fail(
        `nodePort ${NODE_PORT}, inside ${RANGE.min}–${RANGE.max}`,
        `nodePort ${nodePort}, outside the range`,
      );
    if (nodePort !== NODE_PORT) fail(`nodePort ${NODE_PORT}`, `nodePort ${nodePort}`);
  },

  'host-traffic': async (ctx) => {
    const url = ctx.nodePortUrl(NODE_PORT, '/api/v1/hello');
    // kube-proxy opens the port a moment after the Service changes: give a Service that asks for
    // 30000 that moment; any other Service is judged on its first answer.
    const ports = await ctx.servicePorts(SERVICE).catch(() => []);
    if (ports.some((p) => p.nodePort === NODE_PORT)) {
      await ctx.waitFor(
        `${url} to answer from this machine`,
        async () => {
          const answer = (await ctx.fetchFromHost(url)).answers[0];
          return answer && !answer.error
            ? { done: true, value: undefined }
            : { done: false, seen: `no answer (${answer?.error})` };
        },
        { timeoutMs: 10_000 },
      );
    }
    // 60 new connections from the host, as 60 curls would be: kube-proxy picks a replica per
    // connection, so every one of the 3 answers unless one is unreachable.
    await ctx.expectReaches(await ctx.fetchFromHost(url, { count: 60 }), { deployment: DEPLOYMENT });
  },
});
