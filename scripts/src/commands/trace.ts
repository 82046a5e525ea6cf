// `lab trace <url>`: sends one request through the cluster's entry point and explains each hop
// (entry → routing → backend → Pod) from the Kubernetes API and the real response. It stops at the
// first broken hop with what was expected, what was found and the kubectl command that shows it.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
// Types only: the routing module is loaded when a trace runs (the grader stays out of other commands).
import type { PathVerdict, RouteExplanation } from '@workshop/grader/helpers/ingress-routing.ts';
import { describePod, type KubeClient, type KubeObject, podReady } from '@workshop/kube';
import { Command } from 'commander';
import { CliError, EXIT, usageError } from '../errors.ts';
import { openRuntime, type Session } from '../session.ts';
import {
  CONTROLLER_LABEL,
  describeClasses,
  pickControllerService,
  type ServedClasses,
  servedClasses,
  serves,
} from './trace-controller.ts';

interface TraceFlags {
  host?: string;
  path?: string;
  https?: boolean;
  namespace?: string;
  json?: boolean;
}

export interface Hop {
  hop: 'entry' | 'routing' | 'backend' | 'pod';
  ok: boolean;
  /** What was found, one line per fact. */
  details: string[];
  expected?: string;
  found?: string;
  /** The kubectl command that shows the broken part. */
  see?: string;
}

export interface Trace {
  url: string;
  sentTo: string;
  host: string;
  path: string;
  hops: Hop[];
  reached: boolean;
}

interface Port {
  name?: string;
  port?: number;
  nodePort?: number;
  targetPort?: number | string;
  containerPort?: number;
}
interface ServiceShape extends KubeObject {
  spec?: { type?: string; selector?: Record<string, string>; ports?: Port[] };
}
interface PodShape extends KubeObject {
  spec?: { containers?: Array<{ ports?: Port[]; args?: string[] }> };
  status?: { phase?: string; podIP?: string; startTime?: string };
}
interface Address {
  ip?: string;
  targetRef?: { name?: string };
}
interface EndpointsShape extends KubeObject {
  subsets?: Array<{ addresses?: Address[]; notReadyAddresses?: Address[]; ports?: Port[] }>;
}
interface IngressShape extends KubeObject {
  spec?: { ingressClassName?: string };
}

function selectorOf(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A Service's targetPort as one Pod resolves it: a number is itself, a name is a container port's name. */
function resolveTarget(target: number | string | undefined, pod: PodShape): number | undefined {
  if (typeof target === 'number') return target;
  if (target === undefined) return undefined;
  for (const c of pod.spec?.containers ?? []) {
    const port = c.ports?.find((p) => p.name === target);
    if (port?.containerPort) return port.containerPort;
  }
  return undefined;
}

function broken(hop: Hop['hop'], details: string[], expected: string, found: string, see: string): Hop {
  return { hop, ok: false, details, expected, found, see };
}

async function entryHop(
  kube: KubeClient,
  https: boolean,
  sentTo: string,
): Promise<{ hop: Hop; namespace?: string; served?: ServedClasses }> {
  const services = await kube.list<ServiceShape>('v1', 'Service');
  // The request's port picks the controller when it is one of its Service's node ports.
  const service = pickControllerService(services, Number(new URL(sentTo).port) || undefined);
  if (!service) {
    return {
      hop: broken(
        'entry',
        [`sent to ${sentTo}`],
        `a Service selecting ${CONTROLLER_LABEL}=traefik (the ingress controller)`,
        'no such Service in any namespace',
        'kubectl get services -A',
      ),
    };
  }
  const ns = service.metadata?.namespace ?? 'default';
  const name = `${ns}/${service.metadata?.name}`;
  const wanted = https ? 443 : 80;
  const port = service.spec?.ports?.find((p) => p.port === wanted);
  if (!port) {
    return {
      namespace: ns,
      hop: broken(
        'entry',
        [`sent to ${sentTo}`],
        `Service ${name} to have port ${wanted}`,
        `ports ${(service.spec?.ports ?? []).map((p) => p.port).join(', ') || 'none'}`,
        `kubectl get service -n ${ns} ${service.metadata?.name} -o yaml`,
      ),
    };
  }
  const pods = await kube.list<PodShape>('v1', 'Pod', {
    namespace: ns,
    labelSelector: selectorOf(service.spec?.selector),
  });
  const ready = pods.filter((p) => podReady(p).ready);
  const container = ready[0] ? resolveTarget(port.targetPort, ready[0]) : undefined;
  const chain = [
    `${sentTo} → Service ${name} (${service.spec?.type ?? 'ClusterIP'})`,
    `port ${port.port}${port.nodePort ? ` → nodePort ${port.nodePort}` : ''} → targetPort ${port.targetPort}` +
      (typeof port.targetPort === 'string' && container ? ` (container port ${container}, by name)` : ''),
  ];
  if (ready.length === 0) {
    return {
      namespace: ns,
      hop: broken(
        'entry',
        chain,
        'at least one ready ingress controller Pod',
        pods.length ? pods.map((p) => describePod(p)).join('; ') : 'no Pods match the Service selector',
        `kubectl get pods -n ${ns} -l ${selectorOf(service.spec?.selector)}`,
      ),
    };
  }
  chain.push(
    `controller Pods ready: ${ready.length}/${pods.length} (${ready.map((p) => p.metadata?.name).join(', ')})`,
  );
  const classes = await kube.list<KubeObject & { spec?: { controller?: string } }>(
    'networking.k8s.io/v1',
    'IngressClass',
  );
  const served = servedClasses(ready, classes);
  chain.push(`it serves Ingresses of ${describeClasses(served)}`);
  return { namespace: ns, served, hop: { hop: 'entry', ok: true, details: chain } };
}

function describeVerdict(v: PathVerdict): string {
  return `host ${v.host} ${v.pathType} ${v.path} → ${v.backend?.service ?? '?'}:${v.backend?.port.number ?? v.backend?.port.name ?? '?'}`;
}

/** Exact beats Prefix; then the longest path; as Traefik orders routers across Ingresses. */
function strength(e: RouteExplanation): number {
  if (!e.backend) return -1;
  if (!e.matched) return 0;
  return (e.matched.pathType === 'Exact' ? 10_000 : 1) + e.matched.path.length;
}

async function routingHop(
  kube: KubeClient,
  flags: TraceFlags,
  host: string,
  path: string,
  served: ServedClasses,
): Promise<{ hop: Hop; ingress?: IngressShape; route?: RouteExplanation }> {
  const { explainRoute } = await import('@workshop/grader/helpers/ingress-routing.ts');
  const all = await kube.list<IngressShape>('networking.k8s.io/v1', 'Ingress', {
    namespace: flags.namespace,
  });
  // As Traefik picks: spec.ingressClassName, else the legacy annotation; no class at all is served too.
  const classOf = (i: IngressShape) =>
    i.spec?.ingressClassName
      ? `ingressClassName ${i.spec.ingressClassName}`
      : `annotation kubernetes.io/ingress.class: ${i.metadata?.annotations?.['kubernetes.io/ingress.class'] ?? ''}`;
  const ours = all.filter((i) => serves(i, served));
  const theirs = describeClasses(served);
  const skipped = all.filter((i) => !ours.includes(i));
  const explained = ours.map((ingress) => ({ ingress, route: explainRoute(ingress, path, host) }));
  explained.sort((a, b) => strength(b.route) - strength(a.route));
  const best = explained[0];
  const nameOf = (i: KubeObject) => `${i.metadata?.namespace}/${i.metadata?.name}`;
  const details: string[] = [`request: host ${host || '(none)'}, path ${path}`];
  for (const i of skipped)
    details.push(
      `skipped Ingress ${nameOf(i)}: ${classOf(i)} is not ${served.names.join(' or ') || served.flag || 'traefik'}`,
    );
  const misses = (except?: IngressShape) =>
    explained
      .filter((e) => e.ingress !== except)
      .flatMap((e) =>
        e.route.misses.map((m) => `near miss in ${nameOf(e.ingress)}: ${describeVerdict(m)}: ${m.why}`),
      );
  if (!best?.route.backend) {
    const where = flags.namespace ? `namespace ${flags.namespace}` : 'any namespace';
    return {
      hop: broken(
        'routing',
        [...details, ...misses()],
        `an Ingress (${theirs}) with a rule for host ${host || '(any)'} and a path matching ${path}`,
        ours.length ? `${ours.length} Ingress(es), none matches` : `no Ingress of ${theirs} in ${where}`,
        flags.namespace ? `kubectl describe ingress -n ${flags.namespace}` : 'kubectl get ingress -A',
      ),
    };
  }
  const { ingress, route } = best;
  details.push(
    route.matched
      ? `Ingress ${nameOf(ingress)}, ${route.hostGroup}, ${route.matched.pathType} ${route.matched.path}: ${route.matched.why}`
      : `Ingress ${nameOf(ingress)}: no path matches, its defaultBackend takes the request`,
  );
  details.push(...best.route.misses.map((m) => `near miss: ${describeVerdict(m)}: ${m.why}`));
  for (const other of explained.slice(1)) {
    if (other.route.backend)
      details.push(`also matches, but less specific: Ingress ${nameOf(other.ingress)}`);
  }
  return { hop: { hop: 'routing', ok: true, details }, ingress, route };
}

async function backendHop(
  kube: KubeClient,
  ingress: IngressShape,
  route: RouteExplanation,
): Promise<{ hop: Hop; pods: PodShape[] }> {
  const ns = ingress.metadata?.namespace ?? 'default';
  const backend = route.backend ?? { service: '?', port: {} };
  const ingressName = `${ns}/${ingress.metadata?.name}`;
  const wantedPort = backend.port.number ?? backend.port.name;
  const service = await kube.get<ServiceShape>({
    apiVersion: 'v1',
    kind: 'Service',
    namespace: ns,
    name: backend.service,
  });
  if (!service) {
    return {
      pods: [],
      hop: broken(
        'backend',
        [`Ingress ${ingressName} names Service ${backend.service} port ${wantedPort}`],
        `Service ${ns}/${backend.service}`,
        'no Service of that name in the namespace',
        `kubectl get services -n ${ns}`,
      ),
    };
  }
  const ports = service.spec?.ports ?? [];
  const port = ports.find((p) =>
    backend.port.number !== undefined ? p.port === backend.port.number : p.name === backend.port.name,
  );
  const shownPorts = ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'none';
  if (!port) {
    return {
      pods: [],
      hop: broken(
        'backend',
        [`Ingress ${ingressName} names Service ${backend.service} port ${wantedPort}`],
        `Service ${ns}/${backend.service} to have port ${wantedPort}`,
        `its ports are ${shownPorts}`,
        `kubectl describe ingress -n ${ns} ${ingress.metadata?.name}`,
      ),
    };
  }
  const selector = selectorOf(service.spec?.selector);
  const pods = selector
    ? await kube.list<PodShape>('v1', 'Pod', { namespace: ns, labelSelector: selector })
    : [];
  const endpoints = await kube.get<EndpointsShape>({
    apiVersion: 'v1',
    kind: 'Endpoints',
    namespace: ns,
    name: backend.service,
  });
  const readyAddresses = (endpoints?.subsets ?? []).flatMap((s) => s.addresses ?? []);
  const notReady = (endpoints?.subsets ?? []).flatMap((s) => s.notReadyAddresses ?? []);
  const podByName = new Map(pods.map((p) => [p.metadata?.name, p]));
  const details = [
    `Service ${ns}/${backend.service} port ${port.port}${port.name ? ` (${port.name})` : ''} → targetPort ${port.targetPort ?? port.port}` +
      (typeof port.targetPort === 'string' ? ' (a name: each Pod resolves it)' : ''),
    `selector ${selector || '(none)'} matches ${pods.length} Pod(s)`,
  ];
  for (const a of readyAddresses) {
    const pod = podByName.get(a.targetRef?.name);
    const target = pod ? resolveTarget(port.targetPort ?? port.port, pod) : undefined;
    details.push(`ready endpoint ${a.ip}:${target ?? '?'} (${a.targetRef?.name ?? '?'})`);
  }
  for (const a of notReady) {
    const pod = podByName.get(a.targetRef?.name);
    details.push(`not ready ${a.ip} (${pod ? describePod(pod) : (a.targetRef?.name ?? '?')})`);
  }
  if (readyAddresses.length === 0) {
    const found = !selector
      ? 'the Service has no selector'
      : pods.length === 0
        ? `no Pod in ${ns} has the labels ${selector}`
        : `${pods.length} Pod(s) match but none is ready: ${pods.map((p) => describePod(p)).join('; ')}`;
    return {
      pods,
      hop: broken(
        'backend',
        details,
        `ready endpoints behind Service ${ns}/${backend.service}`,
        found,
        `kubectl get endpoints -n ${ns} ${backend.service}`,
      ),
    };
  }
  const unresolved = pods.filter(
    (p) => podReady(p).ready && resolveTarget(port.targetPort ?? port.port, p) === undefined,
  );
  if (unresolved.length > 0 && typeof port.targetPort === 'string') {
    return {
      pods,
      hop: broken(
        'backend',
        details,
        `a container port named ${port.targetPort} in every Pod`,
        `none in ${unresolved.map((p) => p.metadata?.name).join(', ')}`,
        `kubectl get pods -n ${ns} -l ${selector} -o yaml`,
      ),
    };
  }
  return { pods, hop: { hop: 'backend', ok: true, details } };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

function send(target: URL, host: string, timeoutMs = 5000): Promise<Answer> {
  const started = performance.now();
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'GET',
        headers: host ? { host } : {},
        servername: host && !/^[\d.]+$/.test(host) ? host : undefined,
        rejectUnauthorized: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            ms: Math.round(performance.now() - started),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

async function podHop(target: URL, host: string, pods: PodShape[], ns: string): Promise<Hop> {
  let answer: Answer;
  try {
    answer = await send(target, host);
  } catch (error) {
    return broken(
      'pod',
      [],
      `an answer from ${target.origin}`,
      (error as Error).message,
      'kubectl get pods -A -l app.kubernetes.io/name=traefik',
    );
  }
  const podName = answer.headers['x-pod-name'];
  const name = Array.isArray(podName) ? podName[0] : podName;
  const details = [`answered HTTP ${answer.status} in ${answer.ms} ms`];
  if (!name) {
    return broken(
      'pod',
      details,
      'a response naming its Pod (the X-Pod-Name header)',
      `HTTP ${answer.status} without it: the ingress controller answered itself`,
      `kubectl describe ingress -n ${ns}`,
    );
  }
  const pod = pods.find((p) => p.metadata?.name === name);
  details.unshift(
    `Pod ${ns}/${name} answered` +
      (pod
        ? ` (${pod.status?.phase ?? '?'}, ${podReady(pod).ready ? 'ready' : 'not ready'}, IP ${pod.status?.podIP ?? '?'})`
        : ''),
  );
  return { hop: 'pod', ok: true, details };
}

export async function trace(kube: KubeClient, entry: string, url: URL, flags: TraceFlags): Promise<Trace> {
  const host = flags.host ?? url.hostname;
  const path = flags.path ?? url.pathname;
  // A URL without a port means the cluster's entry point; one with a port is sent there as it is.
  const target = new URL(url.port ? url.origin : entry);
  target.pathname = path;
  target.search = url.search;
  const result: Trace = {
    url: url.href,
    sentTo: target.href,
    host,
    path,
    hops: [],
    reached: false,
  };
  const isIp = /^[\d.]+$/.test(host) || host === 'localhost';
  const routeHost = isIp ? '' : host;
  const entryStep = await entryHop(kube, flags.https ?? url.protocol === 'https:', target.origin);
  result.hops.push(entryStep.hop);
  if (!entryStep.hop.ok) return result;
  const served = entryStep.served ?? { flag: '', names: ['traefik'] };
  const routing = await routingHop(kube, flags, routeHost, path, served);
  result.hops.push(routing.hop);
  if (!routing.hop.ok || !routing.ingress || !routing.route) return result;
  const backend = await backendHop(kube, routing.ingress, routing.route);
  result.hops.push(backend.hop);
  if (!backend.hop.ok) return result;
  const pod = await podHop(
    target,
    flags.host ?? (isIp ? '' : url.host),
    backend.pods,
    routing.ingress.metadata?.namespace ?? 'default',
  );
  result.hops.push(pod);
  result.reached = pod.ok;
  return result;
}

export function formatTrace(t: Trace): string {
  const lines = [`Trace of ${t.url} (sent to ${t.sentTo}${t.host ? `, Host ${t.host}` : ''})`];
  for (const [i, hop] of t.hops.entries()) {
    lines.push(` ${hop.ok ? '✓' : '✗'} ${i + 1}. ${hop.hop}`);
    for (const d of hop.details) lines.push(`      ${d}`);
    if (!hop.ok) {
      lines.push(`      expected: ${hop.expected}`);
      lines.push(`      found:    ${hop.found}`);
      lines.push(`      see:      ${hop.see}`);
    }
  }
  const last = t.hops.at(-1);
  lines.push(t.reached ? 'The request reached a Pod.' : `Stopped at hop ${t.hops.length} (${last?.hop}).`);
  return `${lines.join('\n')}\n`;
}

export function traceCommand(session: Session): Command {
  return new Command('trace')
    .argument('<url>', 'the URL to request, e.g. http://127.0.0.1/kube/x (no port: the cluster entry point)')
    .option('--host <name>', 'the Host header to send (default: the URL host)')
    .option('--path <path>', 'the path to request (default: the URL path)')
    .option('--https', "use the cluster's HTTPS entry point")
    .option('-n, --namespace <ns>', 'only consider Ingresses in this namespace')
    .option('--json', 'print the trace as JSON')
    .description('send a request through the ingress entry point and explain each hop it took')
    .action(async (raw: string, flags: TraceFlags) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw usageError(`"${raw}" is not a URL; pass one like http://127.0.0.1/kube/x`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw usageError(`${raw}: only http:// and https:// URLs can be traced`);
      }
      if (flags.path && !flags.path.startsWith('/'))
        throw usageError(`--path must start with /, got ${flags.path}`);
      const { runtime } = await openRuntime(session, {});
      const status = await runtime.status();
      if (!status.running) {
        throw new CliError('no cluster is running; start one with: npx lab cluster up', EXIT.environment);
      }
      const https = flags.https ?? url.protocol === 'https:';
      const kube = await runtime.client();
      const result = await trace(kube, https ? status.https : status.http, url, { ...flags, https });
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatTrace(result));
      process.exitCode = result.reached ? EXIT.ok : EXIT.failure;
    });
}
