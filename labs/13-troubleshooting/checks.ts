// Lab 13's proofs: one per planted fault, each judged on its own hop so that a fault elsewhere does
// not fail it (the selector by the Pods it picks, the targetPort by a Pod's own answer on it, the
// Ingress port by the Service's ports and the route the controller builds), then the request from
// the entry point to both shop Pods. A fault that is still there fails at once with what a learner's
// kubectl or curl shows; nothing waits for a route or an endpoint that cannot come.
import {
  type ConvergedRoutesOptions,
  defineChecks,
  fail,
  type GradingContext,
  getOnce,
  routeFor,
} from '@workshop/grader';
import type { KubeObject } from '@workshop/kube';

const SERVICE = 'shop';
const DEPLOYMENT = 'shop';
const INGRESS = 'shop';
const HOST = 'shop.example.com';
const PATH = '/api/v1/hello';
const APP = 'shop';
const ROUTING: ConvergedRoutesOptions = { appOf: { [SERVICE]: APP }, ports: [80, 'http'] };

interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
}
interface ContainerPort {
  name?: string;
  containerPort: number;
}
interface DeploymentSpec {
  selector?: { matchLabels?: Record<string, string> };
  template?: { spec?: { containers?: Array<{ ports?: ContainerPort[] }> } };
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The container ports the shop Pods declare, as `8080 (http)`. */
function declared(deployment: KubeObject): ContainerPort[] {
  const spec = deployment.spec as DeploymentSpec | undefined;
  return (spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
}

function portList(ports: ContainerPort[]): string {
  return ports.map((p) => (p.name ? `${p.containerPort} (${p.name})` : String(p.containerPort))).join(', ');
}

/** Service "shop"'s port 80 (the one the lab is about), or its only port. */
function mainPort(service: KubeObject) {
  const ports = (service.spec as ServiceSpec | undefined)?.ports ?? [];
  return ports.find((p) => p.port === 80) ?? (ports.length === 1 ? ports[0] : undefined);
}

/** The ready shop Pods, by the Deployment's own selector (not the Service's). */
async function shopPods(ctx: GradingContext, deployment: KubeObject): Promise<KubeObject[]> {
  const matchLabels = (deployment.spec as DeploymentSpec | undefined)?.selector?.matchLabels ?? {};
  const pods = await ctx.kube.list('v1', 'Pod', {
    namespace: ctx.namespace,
    labelSelector: labelText(matchLabels),
  });
  return pods.filter(
    (p) =>
      !p.metadata.deletionTimestamp &&
      (
        (p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []
      ).some((c) => c.type === 'Ready' && c.status === 'True'),
  );
}

/** Why the Service's selector reaches no shop Pod, or undefined when it picks at least one. */
async function selectorFault(ctx: GradingContext): Promise<string | undefined> {
  const service = await ctx.require('Service', SERVICE);
  const selector = (service.spec as ServiceSpec | undefined)?.selector ?? {};
  if (!Object.keys(selector).length) return `Service "${SERVICE}" has no selector, so it has no endpoints`;
  const pods = await ctx.kube.list('v1', 'Pod', {
    namespace: ctx.namespace,
    labelSelector: labelText(selector),
  });
  if (pods.length) return undefined;
  return `Service "${SERVICE}" selects ${labelText(selector)}, which no Pod carries, so it has no endpoints (kubectl get endpoints ${SERVICE} -n ${ctx.namespace}: <none>)`;
}

/**
 * Why traffic sent to the Service's targetPort finds nothing listening, or undefined when a shop
 * Pod answers on it. Asked of a Pod directly, so a wrong selector does not hide the answer.
 */
async function targetPortFault(ctx: GradingContext): Promise<string | undefined> {
  const service = await ctx.require('Service', SERVICE);
  const deployment = await ctx.require('Deployment', DEPLOYMENT);
  const port = mainPort(service);
  if (!port) return `Service "${SERVICE}" has no port 80`;
  const target = port.targetPort ?? port.port;
  const listens = declared(deployment);
  const resolved = await ctx.containerPort(DEPLOYMENT, target);
  if (resolved === undefined) {
    return `targetPort "${target}" names no container port of the shop Pods (they declare ${portList(listens)}), so no endpoint gets a port`;
  }
  const pod = (await shopPods(ctx, deployment))[0];
  const ip = (pod?.status as { podIP?: string } | undefined)?.podIP;
  if (!pod || !ip) return undefined; // no ready Pod to ask: the selector check says why
  const url = `http://${ip}:${resolved}${PATH}`;
  const answer = (await ctx.fetchFromPod(url, { timeoutMs: 1500 })).answers[0];
  if (answer && !answer.error && answer.status > 0) return undefined;
  const named = typeof target === 'string' ? ` (${resolved})` : '';
  return `targetPort ${target}${named}: GET ${url} from a Pod to Pod ${pod.metadata.name} → ${answer?.error ?? 'no answer'}, nothing listens there; the shop containers listen on ${portList(listens)}`;
}

/** Why the controller can build no route from the Ingress to Service "shop", or undefined. */
async function ingressPortFault(ctx: GradingContext): Promise<string | undefined> {
  const ingress = await ctx.require('Ingress', INGRESS);
  const backend = routeFor(ingress, PATH, HOST);
  const describe = `kubectl describe ingress ${INGRESS} -n ${ctx.namespace}`;
  if (!backend) return `no rule of Ingress "${INGRESS}" matches ${HOST}${PATH} (${describe} shows the rules)`;
  if (backend.service !== SERVICE) {
    return `Ingress "${INGRESS}" sends ${HOST}${PATH} to Service "${backend.service}", not "${SERVICE}"`;
  }
  const service = await ctx.require('Service', SERVICE);
  const ports = (service.spec as ServiceSpec | undefined)?.ports ?? [];
  const { number, name } = backend.port;
  if (ports.some((p) => (number !== undefined && p.port === number) || (!!name && p.name === name)))
    return undefined;
  const has = ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ') || 'no ports';
  return `Ingress "${INGRESS}" names port ${number ?? `"${name}"`} of Service "${SERVICE}", which has ${has}, so the controller builds no route: its log says Cannot create service error="service port not found" ingress=${INGRESS}`;
}

/**
 * What a learner's curl gets, in one line. The faults predict the answer (no route: the controller's
 * 404; no endpoints: 503; a refused port: 502), and the controller shows it within a moment of the
 * change, so wait briefly for that answer and report whatever came last.
 */
async function curlSees(ctx: GradingContext, predicted: number): Promise<string> {
  const url = ctx.entryPointUrl(PATH);
  let last = '';
  await ctx
    .waitFor(
      `GET ${url} (Host: ${HOST}) → ${predicted}`,
      async () => {
        const answer = await getOnce(url, { host: HOST });
        last = answer.error
          ? `no answer (${answer.error})`
          : answer.app
            ? `${answer.status} from ${answer.app}`
            : `${answer.status} from the controller itself (no X-App-Name)`;
        return answer.status === predicted && !answer.app
          ? { done: true, value: undefined }
          : { done: false, seen: last };
      },
      { timeoutMs: 3_000, intervalMs: 100 },
    )
    .catch(() => undefined);
  return `GET ${url} (Host: ${HOST}) → ${last}`;
}

export default defineChecks({
  selector: async (ctx) => {
    await ctx.expectSelectsReplicas(SERVICE, DEPLOYMENT, 2);
  },

  'target-port': async (ctx) => {
    const fault = await targetPortFault(ctx);
    if (fault)
      fail(`Service "${SERVICE}" port 80 to send traffic to a port the shop containers listen on`, fault);
  },

  'ingress-port': async (ctx) => {
    const fault = await ingressPortFault(ctx);
    if (fault) fail(`Ingress "${INGRESS}" to name a port Service "${SERVICE}" has`, fault);
    // The port exists, so the route comes: the controller reloads within a moment. Any answer but
    // its own 404 (a 503 with no endpoints, a 502 from a refused port) shows the route is there.
    const url = ctx.entryPointUrl(PATH);
    await ctx.waitFor(
      `the controller to build the route of Ingress "${INGRESS}" (an answer other than its own 404)`,
      async () => {
        const answer = await getOnce(url, { host: HOST });
        if (answer.app || (answer.status > 0 && answer.status !== 404))
          return { done: true, value: undefined };
        return {
          done: false,
          seen: `GET ${url} (Host: ${HOST}) → ${answer.error ?? `${answer.status} from the controller itself`}`,
        };
      },
      { timeoutMs: 6_000 },
    );
  },

  'end-to-end': async (ctx) => {
    const url = ctx.entryPointUrl(PATH);
    const port = await ingressPortFault(ctx);
    const selector = await selectorFault(ctx);
    const target = await targetPortFault(ctx);
    const faults = [port, selector, target].filter((f): f is string => f !== undefined);
    if (faults.length) {
      // The first broken hop decides the answer: no route, then no endpoints, then a refused port.
      const predicted = port ? 404 : selector ? 503 : 502;
      fail(
        `GET ${url} (Host: ${HOST}) → both shop Pods`,
        `${await curlSees(ctx, predicted)}, because ${faults.join('; and ')}`,
      );
    }
    await ctx.expectConvergedRoutes(INGRESS, [{ host: HOST, path: PATH, expect: { app: APP } }], ROUTING);
    // The controller balances per request over the ready endpoints: 10 requests reach both Pods.
    await ctx.expectReaches(await ctx.fetchFromHost(url, { count: 10, host: HOST }), {
      deployment: DEPLOYMENT,
    });
  },
});
