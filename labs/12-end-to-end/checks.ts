// Lab 12's proofs: every hop of the road exists and names the next one — the node ports 30002/30003
// of Service lab-12-gateway/traefik, its targetPorts by the controller's port names, the lab's own
// controller (class lab-12), Ingress "orders", Service "orders" and its port "http" — and a request
// from this machine through those node ports reaches both orders Pods. When the stored objects say
// the road is broken, the traffic check names the first broken hop at once instead of waiting for
// an answer that cannot come. Titles, points and hints are in lab.yaml.
import {
  defineChecks,
  fail,
  type GradingContext,
  getOnce,
  listText,
  routeFor,
  type ServicePort,
} from '@workshop/grader';
import type { KubeObject } from '@workshop/kube';

const APP = 'orders';
const GATEWAY_NS = 'lab-12-gateway';
const CONTROLLER = 'traefik';
const CLASS = 'lab-12';
/** The controller Service's ports, as the lab asks for them. */
const ENTRY = [
  { name: 'web', port: 80, targetPort: 'web', nodePort: 30002, scheme: 'http' },
  { name: 'websecure', port: 443, targetPort: 'websecure', nodePort: 30003, scheme: 'https' },
] as const;
/** Node ports that kind and the sim map to this machine (packages/runtime/src/kind/versions.ts). */
const MAPPED = { min: 30000, max: 30009 };

interface ServiceShape extends KubeObject {
  spec?: { type?: string; selector?: Record<string, string>; ports?: ServicePort[] };
}
interface IngressShape extends KubeObject {
  spec?: { ingressClassName?: string };
}
type Containers = Array<{ ports?: Array<{ name?: string; containerPort?: number }> }>;

function numeric(target: ServicePort['targetPort']): boolean {
  return typeof target === 'number' || /^\d+$/.test(String(target ?? ''));
}

/** The container port names of a Deployment's Pod template. */
async function portNames(ctx: GradingContext, deployment: string): Promise<string[]> {
  const object = await ctx.kube.get<KubeObject>({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: ctx.namespace,
    name: deployment,
  });
  const containers =
    (object?.spec as { template?: { spec?: { containers?: Containers } } } | undefined)?.template?.spec
      ?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? []).flatMap((p) => (p.name ? [p.name] : []));
}

function show(ports: readonly ServicePort[]): string {
  if (!ports.length) return 'no ports';
  return ports
    .map(
      (p) =>
        `${p.name ?? '(no name)'} ${p.port} → targetPort ${p.targetPort ?? p.port}${p.nodePort ? ` → nodePort ${p.nodePort}` : ''}`,
    )
    .join('; ');
}

/**
 * The first hop of the road that the stored objects show broken, in the order a request meets
 * them, or undefined when every hop is wired. Reads only the API, so it answers at once.
 */
async function firstBrokenHop(
  ctx: GradingContext,
  entry: (typeof ENTRY)[number],
): Promise<string | undefined> {
  const gw = ctx.inNamespace(GATEWAY_NS);
  const svc = await gw.get<ServiceShape>('Service', CONTROLLER);
  const where = `${gw.namespace}/${CONTROLLER}`;
  if (!svc) return `no Service ${where} exists, so nothing opens node port ${entry.nodePort}`;
  const port = svc.spec?.ports?.find((p) => p.nodePort === entry.nodePort);
  if (!port)
    return `Service ${where} opens no nodePort ${entry.nodePort} (it has ${show(svc.spec?.ports ?? [])})`;
  const controller = await gw.endpoints(CONTROLLER);
  if (!controller.ready.length) {
    return `Service ${where} has no ready endpoint: its selector or targetPort ${port.targetPort} finds no controller Pod port (kubectl get endpointslices -n ${gw.namespace})`;
  }
  const names = await portNames(gw, CONTROLLER);
  if (
    !numeric(port.targetPort) &&
    port.targetPort !== entry.targetPort &&
    names.includes(String(port.targetPort))
  ) {
    return `nodePort ${entry.nodePort} leads to the controller's port ${port.targetPort}, not to its ${entry.targetPort} entry point`;
  }
  const ingress = await ctx.get<IngressShape>('Ingress', APP);
  if (!ingress) return `no Ingress "${APP}" exists in ${ctx.namespace}, so the controller answers 404 itself`;
  if (ingress.spec?.ingressClassName !== CLASS) {
    return `Ingress "${APP}" asks for class ${ingress.spec?.ingressClassName ?? '(none)'}, and the controller behind ${entry.nodePort} serves ${CLASS} only`;
  }
  const backend = routeFor(ingress, '/');
  if (!backend) return `no rule of Ingress "${APP}" matches GET / on any host`;
  const app = await ctx.get<ServiceShape>('Service', backend.service);
  if (!app)
    return `Ingress "${APP}" sends / to Service "${backend.service}", which does not exist in ${ctx.namespace}`;
  const appPort = app.spec?.ports?.find((p) =>
    backend.port.name !== undefined ? p.name === backend.port.name : p.port === backend.port.number,
  );
  if (!appPort) {
    return `Ingress "${APP}" names port ${backend.port.name ?? backend.port.number} of Service "${backend.service}", which has ${show(app.spec?.ports ?? [])}`;
  }
  const endpoints = await ctx.endpoints(backend.service);
  if (!endpoints.ready.length) return `Service "${backend.service}" has no ready endpoint`;
  return undefined;
}

export default defineChecks({
  'app-service': async (ctx) => {
    await ctx.require('Deployment', APP);
    await ctx.expectServiceType(APP, 'ClusterIP');
    const ports = await ctx.servicePorts(APP);
    const port = ports.find((p) => p.port === 80);
    if (!port) fail(`Service "${APP}" with port 80 (named http)`, show(ports));
    if (port.name !== 'http') fail(`port 80 named http`, `port 80 named ${port.name ?? '(none)'}`);
    const target = port.targetPort ?? port.port;
    if (numeric(target)) {
      fail(
        `targetPort http, the name of the container port (wired by name)`,
        `targetPort ${target}, a number`,
      );
    }
    const names = await portNames(ctx, APP);
    if (!(await ctx.containerPort(APP, target ?? 0))) {
      fail(
        `targetPort ${target} to name a container port of Deployment "${APP}"`,
        names.length
          ? `its container ports are named ${listText(names)}`
          : 'its container declares no named port (ports: [{ name: http, containerPort: 8080 }] is missing)',
      );
    }
    await ctx.expectSelectsReplicas(APP, APP, 2);
  },

  'ingress-rule': async (ctx) => {
    const ingress = await ctx.require<IngressShape>('Ingress', APP);
    const cls = ingress.spec?.ingressClassName;
    if (cls !== CLASS) {
      fail(
        `spec.ingressClassName: ${CLASS}, the class of the lab's controller in ${ctx.ns(GATEWAY_NS)}`,
        cls
          ? `spec.ingressClassName: ${cls}${cls === 'traefik' ? " (the workshop's controller in namespace traefik; the lab's node ports never reach it)" : ''}`
          : 'no spec.ingressClassName: the lab-12 class is not the default, so its controller ignores the Ingress',
      );
    }
    const backend = routeFor(ingress, '/');
    if (!backend) fail(`a rule of Ingress "${APP}" for GET / on any host`, 'no rule matches it');
    if (backend.service !== APP) fail(`GET / → Service "${APP}"`, `GET / → Service "${backend.service}"`);
    const ports = await ctx.servicePorts(APP);
    const wanted = backend.port.name ?? backend.port.number;
    const found = ports.find((p) =>
      backend.port.name !== undefined ? p.name === wanted : p.port === wanted,
    );
    if (!found) fail(`Service "${APP}" to offer the port the rule names (${wanted})`, show(ports));
  },

  'controller-service': async (ctx) => {
    const gw = ctx.inNamespace(GATEWAY_NS);
    await gw.expectServiceType(CONTROLLER, 'NodePort');
    await gw.expectServiceSelects(CONTROLLER, { deployment: CONTROLLER });
    const ports = await gw.servicePorts(CONTROLLER);
    for (const entry of ENTRY) {
      const port = ports.find((p) => p.port === entry.port);
      if (!port) fail(`port ${entry.name} ${entry.port} → nodePort ${entry.nodePort}`, show(ports));
      if (port.nodePort === undefined)
        fail(`port ${entry.port} with nodePort ${entry.nodePort}`, 'no nodePort');
      if (port.nodePort < MAPPED.min || port.nodePort > MAPPED.max) {
        fail(
          `nodePort ${entry.nodePort} on port ${entry.port}`,
          `nodePort ${port.nodePort}, which the cluster opens but this workshop does not map to your machine (only ${MAPPED.min}–${MAPPED.max} are)`,
        );
      }
      if (port.nodePort !== entry.nodePort) {
        fail(`nodePort ${entry.nodePort} on port ${entry.port}`, `nodePort ${port.nodePort}`);
      }
    }
  },

  'named-target-ports': async (ctx) => {
    const gw = ctx.inNamespace(GATEWAY_NS);
    const ports = await gw.servicePorts(CONTROLLER);
    const names = await portNames(gw, CONTROLLER);
    for (const entry of ENTRY) {
      const port = ports.find((p) => p.port === entry.port);
      if (!port) fail(`port ${entry.port} with targetPort ${entry.targetPort}`, show(ports));
      const target = port.targetPort ?? port.port;
      if (target === entry.targetPort) continue;
      if (numeric(target)) {
        fail(
          `targetPort ${entry.targetPort} on port ${entry.port}, by name`,
          `targetPort ${target}, a number: it breaks the day the controller's container port changes`,
        );
      }
      fail(
        `targetPort ${entry.targetPort} on port ${entry.port}`,
        names.includes(String(target))
          ? `targetPort ${target}, the controller's other entry point`
          : `targetPort ${target}, which no container port of Deployment ${CONTROLLER} is named (they are ${listText(names)}), so that port has no endpoint`,
      );
    }
  },

  road: async (ctx) => {
    for (const entry of ENTRY) {
      const url = ctx.nodePortUrl(entry.nodePort, '/api/v1/hello').replace(/^http:/, `${entry.scheme}:`);
      const broken = await firstBrokenHop(ctx, entry);
      if (broken) {
        // Nothing can answer there: show what a learner's curl gets, and why, without waiting.
        const answer = await getOnce(url, { timeoutMs: 2000 });
        const seen = answer.error
          ? `no answer (${answer.error})`
          : `${answer.status}${answer.app ? ` from ${answer.app}` : ' from the controller itself (no X-App-Name)'}`;
        fail(`GET ${url} → ${APP}`, `${seen}, because ${broken}`);
      }
      // Every hop is wired: give the controller (reloads within ~2 s) and kube-proxy that moment.
      await ctx.waitFor(
        `${url} to be answered by ${APP}`,
        async () => {
          const answer = await getOnce(url, { timeoutMs: 2000 });
          if (answer.app === APP && answer.status < 400) return { done: true, value: undefined };
          const seen = answer.error
            ? `no answer (${answer.error})`
            : `${answer.status}${answer.app ? ` from ${answer.app}` : ' from the controller itself'}`;
          return { done: false, seen };
        },
        { timeoutMs: 8_000 },
      );
      // The controller balances per request over Service orders' endpoints: 10 requests reach both.
      await ctx.expectReaches(await ctx.fetchFromHost(url, { count: 10 }), { deployment: APP });
    }
  },
});
