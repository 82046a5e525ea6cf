// Lab 05's grader: the Service "spring-service" is a NodePort pinned to 30000 that still selects the
// 3 replicas, and a request from this machine to <node>:30000 reaches every one of them — what a
// learner's `curl localhost:30000` proves. Run by `npx lab grade 05`.
import { check, fail } from '@workshop/grader';
import {
  expectSelectsReplicas,
  expectServiceType,
  type ServicePort,
  servicePort,
} from '../lib/service-checks.ts';

const SERVICE = 'spring-service';
const DEPLOYMENT = 'backend-app';
const NODE_PORT = 30000;
/** The range the API server allocates node ports from (--service-node-port-range). */
const RANGE = { min: 30000, max: 32767 };

check(
  'Service "spring-service" still selects the 3 backend replicas',
  {
    points: 1,
    hint: "Changing the type must not change who the Service selects: keep spec.selector matching the Pod template's labels in base/deployment-backend-app.yaml",
    section: 'the-lab',
  },
  async (ctx) => {
    await expectSelectsReplicas(ctx, SERVICE, DEPLOYMENT, 3);
  },
);

check(
  'Service "spring-service" is type NodePort',
  {
    points: 2,
    hint: 'A ClusterIP is reachable only inside the cluster; the Service type that also opens a port on every node is the one this lesson is named after',
    section: 'the-lab',
  },
  async (ctx) => {
    await expectServiceType(ctx, SERVICE, 'NodePort');
  },
);

check(
  'Its port 8080 is opened on every node as nodePort 30000',
  {
    points: 2,
    hint: 'Without a nodePort the cluster picks a random one from 30000–32767; the lab needs a fixed one, set on the same ports[] entry as port and targetPort',
    section: 'the-lab',
  },
  async (ctx) => {
    const port = await servicePort(ctx, SERVICE, 8080);
    const nodePort = port.nodePort;
    if (nodePort === undefined)
      fail(`port 8080 with nodePort ${NODE_PORT}`, 'no nodePort (the Service opens no node port)');
    if (nodePort < RANGE.min || nodePort > RANGE.max)
      fail(
        `nodePort ${NODE_PORT}, inside ${RANGE.min}–${RANGE.max}`,
        `nodePort ${nodePort}, outside the range`,
      );
    if (nodePort !== NODE_PORT) fail(`nodePort ${NODE_PORT}`, `nodePort ${nodePort}`);
  },
);

check(
  'curl <node>:30000 from this machine reaches all 3 replicas',
  {
    points: 4,
    hint: 'Try it yourself: npx lab cluster status shows the node address; if nothing answers on 30000, look at the Service with kubectl get svc -n lab-05 (TYPE and PORT(S))',
    section: 'the-lab',
  },
  async (ctx) => {
    const url = ctx.nodePortUrl(NODE_PORT, '/api/v1/hello');
    // kube-proxy opens the port a moment after the Service changes: give a Service that asks for
    // 30000 that moment; any other Service is judged on its first answer.
    const service = await ctx.get('Service', SERVICE);
    const ports = (service?.spec as { ports?: ServicePort[] } | undefined)?.ports ?? [];
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
);
