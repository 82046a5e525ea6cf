// The sim's kube-proxy rules: for every Service port a listener on ClusterIP:port, on nodeIP:nodePort
// for NodePort/LoadBalancer Services and on each LoadBalancer ingress IP; each new connection goes to
// a random ready endpoint from the EndpointSlices. Listeners follow Service and endpoint changes: a
// port with no ready endpoint has no listener, so connecting to it is refused as on a real node.
import { inform } from '../controllers/informer.ts';
import type { ApiClient, Unsubscribe } from '../core/client.ts';
import type { KubeObject } from '../core/types.ts';
import type { VirtualNetwork } from '../core/virtual-network.ts';
import { anyListens } from './backend-check.ts';
import { type Backend, backendsFor } from './backends.ts';
import { Balancer, DEFAULT_AFFINITY_TIMEOUT_SECONDS } from './balancer.ts';
import { backendsOf, type Rule, rulesFor, type ServiceRoute, serviceKey } from './rules.ts';
import { sourcePolicy } from './source-policy.ts';
import { backendKey, ListenError, listenHint, listenTcp, type TcpListener } from './tcp-listener.ts';

const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
const ENDPOINT_SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

export interface ProxierOptions {
  nodeIP: string;
  nodeName: string;
  log: (line: string) => void;
  random?: () => number;
  /** ClusterIPs served directly by something else (the cluster DNS listens on the kube-dns IP itself). */
  servedElsewhere?: Set<string>;
  /** The node's network: in ports mode virtual addresses listen and dial through its port table. */
  network?: VirtualNetwork;
}

export interface Proxier {
  /** Resolves when the listeners match the current Services (for tests and startup). */
  synced(): Promise<void>;
  /** The addresses being served, `host:port` → `ns/name:port`. */
  listeners(): Map<string, string>;
  stop(): Promise<void>;
}

interface Entry {
  rule: Rule;
  listener?: TcpListener;
  opening?: Promise<void>;
  /** The backends (`ip:port`, sorted) the open listener was last checked against. */
  checked?: string;
}

const keysOf = (backends: Backend[]) => backends.map(backendKey).sort().join(',');

/** How often an address whose backends do not listen is looked at again. */
const NOT_LISTENING_RETRY_MS = 500;

class NotListening extends Error {}

export function startProxier(client: ApiClient, options: ProxierOptions): Proxier {
  const routes = new Map<string, ServiceRoute>();
  const active = new Map<string, Entry>();
  /** Addresses that failed to open, with the Service resourceVersion they failed for (retry on change). */
  const failed = new Map<string, string>();
  const retired = new Set<TcpListener>();
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  let scheduled = false;

  const choose = (rule: Rule) => (clientIP: string, exclude?: ReadonlySet<string>) => {
    if (routesDirty) computeRoutes();
    const route = routes.get(rule.service);
    if (!route) return undefined;
    const backends = backendsOf(route, rule).filter((b) => !exclude?.has(backendKey(b)));
    return route.balancer.pick(backends, clientIP, route.affinityTimeout);
  };

  // Which Pods a Service's connections go to is recomputed on the first connection after any
  // Service or EndpointSlice change, so it is current the moment the API write returns (a grader that
  // waits for ready endpoints and then connects is never early); only opening and closing listeners
  // waits for the next sync.
  let routesDirty = true;
  const computeRoutes = (): Map<string, { rule: Rule; svc: KubeObject }> => {
    routesDirty = false;
    const services = client.list(SERVICE).items;
    const slices = client.list(ENDPOINT_SLICE).items;
    const slicesByService = new Map<string, KubeObject[]>();
    for (const slice of slices) {
      const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!owner) continue;
      const key = `${slice.metadata.namespace ?? 'default'}/${owner}`;
      slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
    }
    const desired = new Map<string, { rule: Rule; svc: KubeObject }>();
    const seenServices = new Set<string>();
    for (const svc of services) {
      const key = serviceKey(svc);
      seenServices.add(key);
      const spec = svc.spec ?? {};
      const mine = slicesByService.get(key) ?? [];
      const route: ServiceRoute = routes.get(key) ?? {
        internal: new Map(),
        external: new Map(),
        balancer: new Balancer({ random: options.random }),
      };
      const affinity =
        spec.sessionAffinity === 'ClientIP'
          ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS)
          : undefined;
      if (affinity !== route.affinityTimeout) route.balancer.clear();
      route.affinityTimeout = affinity;
      route.internal = new Map();
      route.external = new Map();
      for (const port of (spec.ports ?? []) as Array<{ name?: string }>) {
        const name = port.name ?? '';
        const common = { nodeName: options.nodeName };
        route.internal.set(
          name,
          backendsFor(mine, name, { ...common, local: spec.internalTrafficPolicy === 'Local' }),
        );
        route.external.set(
          name,
          backendsFor(mine, name, { ...common, local: spec.externalTrafficPolicy === 'Local' }),
        );
      }
      routes.set(key, route);
      for (const rule of rulesFor(svc, options.nodeIP)) {
        if (options.servedElsewhere?.has(rule.host)) continue;
        // iptables REJECTs a Service port without endpoints, so clients see "connection refused";
        // a user-space proxy gets the same by not listening there until an endpoint is ready.
        if (backendsOf(route, rule).length === 0) continue;
        desired.set(`${rule.host}:${rule.port}`, { rule, svc });
      }
    }
    for (const key of routes.keys()) if (!seenServices.has(key)) routes.delete(key);
    return desired;
  };

  const sync = async () => {
    const desired = computeRoutes();

    const rechecks: Promise<void>[] = [];
    for (const [address, entry] of active) {
      const wanted = desired.get(address);
      if (
        wanted &&
        wanted.rule.service === entry.rule.service &&
        wanted.rule.portName === entry.rule.portName
      ) {
        entry.rule = wanted.rule;
        // New backends for an open address: if none of them listens, close it until one does.
        const backends = backendsOfRule(entry.rule);
        if (entry.listener && entry.checked !== keysOf(backends)) {
          entry.checked = keysOf(backends);
          const listener = entry.listener;
          rechecks.push(
            anyListens(backends, options.network).then((listening) => {
              if (!listening && entry.listener === listener) reclose(address, entry);
            }),
          );
        }
        continue;
      }
      active.delete(address);
      const listener = entry.listener;
      if (listener) {
        // The address stops accepting now; established connections drain like conntrack entries.
        retired.add(listener);
        void listener.close().then(() => retired.delete(listener));
      }
    }
    for (const address of failed.keys()) if (!desired.has(address)) failed.delete(address);
    const opening: Promise<void>[] = [];
    for (const [address, { rule, svc }] of desired) {
      if (active.has(address) || stopped) continue;
      const version = svc.metadata.resourceVersion ?? '';
      if (failed.get(address) === version) continue;
      const entry: Entry = { rule };
      const current = () => choose(entry.rule);
      const backends = backendsOfRule(rule);
      entry.opening = anyListens(backends, options.network)
        .then((listening) => {
          if (!listening) throw new NotListening();
          return listenTcp(rule.host, rule.port, (ip, exclude) => current()(ip, exclude), {
            network: options.network,
            policy: options.network && sourcePolicy(rule.exposure, options.network),
            onAllRefused: () => reclose(address, entry),
          });
        })
        .then(
          (listener) => {
            failed.delete(address);
            if (stopped || active.get(address) !== entry) {
              void listener.close({ destroy: true });
              return;
            }
            entry.listener = listener;
            entry.checked = keysOf(backends);
          },
          (error: unknown) => {
            active.delete(address);
            if (error instanceof NotListening) {
              // Ready endpoints on a port nobody listens on: keep it closed (connections are refused,
              // as the Pods' kernels would refuse them) and look again shortly.
              retryLater();
              return;
            }
            failed.set(address, version);
            const message =
              error instanceof ListenError
                ? `kube-proxy could not open ${rule.exposure} ${address} for port ${rule.portName || rule.port}: ${error.code}: ${listenHint(error.code, rule.port)}`
                : `kube-proxy could not open ${address}: ${String(error)}`;
            options.log(`kube-proxy: service ${rule.service}: ${message}`);
            try {
              client.recordEvent(svc, 'Warning', 'FailedToListen', message, 'kube-proxy');
            } catch {
              // the Service may be gone already
            }
          },
        );
      active.set(address, entry);
      opening.push(entry.opening);
    }
    await Promise.all([...opening, ...rechecks]);
  };

  const backendsOfRule = (rule: Rule): Backend[] => {
    const route = routes.get(rule.service);
    return route ? backendsOf(route, rule) : [];
  };

  let retry: NodeJS.Timeout | undefined;
  const retryLater = () => {
    if (retry || stopped) return;
    retry = setTimeout(() => {
      retry = undefined;
      schedule();
    }, NOT_LISTENING_RETRY_MS);
    retry.unref();
  };

  /** A connection found that no backend listens any more: close the address until one does. */
  const reclose = (address: string, entry: Entry) => {
    if (active.get(address) !== entry || !entry.listener) return;
    active.delete(address);
    const listener = entry.listener;
    retired.add(listener);
    void listener.close().then(() => retired.delete(listener));
    schedule();
  };

  const schedule = () => {
    routesDirty = true;
    if (scheduled || stopped) return;
    scheduled = true;
    pending = pending.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      scheduled = false;
      if (stopped) return;
      try {
        await sync();
      } catch (error) {
        options.log(`kube-proxy: sync failed: ${String(error)}`);
      }
    });
  };

  const unsubscribes: Unsubscribe[] = [
    inform(client, SERVICE, schedule),
    inform(client, ENDPOINT_SLICE, schedule),
  ];
  schedule();

  return {
    async synced() {
      let seen: Promise<void> | undefined;
      while (seen !== pending) {
        seen = pending;
        await seen;
      }
    },
    listeners() {
      const out = new Map<string, string>();
      for (const [address, entry] of active) {
        if (entry.listener)
          out.set(address, `${entry.rule.service}:${entry.rule.portName || entry.rule.port}`);
      }
      return out;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      for (const unsubscribe of unsubscribes) unsubscribe();
      await pending;
      const closing = [...active.values()].map(async (entry) => {
        await entry.opening;
        await entry.listener?.close({ destroy: true });
      });
      active.clear();
      for (const listener of retired) closing.push(listener.close({ destroy: true }));
      await Promise.all(closing);
    },
  };
}
