// The ingress controller as a library: cluster state in (from an ObjectSource), a route table and
// TLS store rebuilt on every change, entry points serving traffic, Ingress status written back.
// main.ts runs it as the `traefik` image's process; tests run it in-process.
import type { KubeObject } from '../core/types.ts';
import type { TraefikConfig } from './flags.ts';
import { createLogger, type Logger, parseLogLevel } from './log.ts';
import { type ClusterState, emptyClusterState } from './objects.ts';
import { buildRouteTable, type RouteTable } from './routing/index.ts';
import { type EntryPointsHandle, type RunningEntryPoint, startEntryPoints } from './server/entry-points.ts';
import { IngressProxy } from './server/proxy-handler.ts';
import { desiredLoadBalancer, sameAddresses } from './status/ingress-status.ts';
import { CertStore } from './tls/cert-store.ts';
import { type CertificatePair, generateDefaultCertificate } from './tls/self-signed.ts';
import type { ObjectSource, StatusWriter } from './watch/source.ts';

export interface IngressControllerOptions {
  config: TraefikConfig;
  source: ObjectSource;
  /** Writes Ingress status; without it status is left alone. */
  status?: StatusWriter;
  /** X-Forwarded-Server and log context: the Pod's hostname. */
  serverName?: string;
  log?: Logger;
  /** A ready-made default certificate (tests reuse one to save key generation). */
  defaultCertificate?: CertificatePair;
}

export interface IngressController {
  entryPoints: RunningEntryPoint[];
  /** The route table currently served. */
  table(): RouteTable;
  stop(): Promise<void>;
}

/** Logs each distinct problem once while it persists, instead of on every rebuild. */
function dedupedReporter(log: Logger) {
  let previous = new Set<string>();
  return (
    problems: Array<{ level: 'error' | 'warn' | 'info'; msg: string; fields: Record<string, string> }>,
  ) => {
    const next = new Set<string>();
    for (const p of problems) {
      const key = `${p.level}|${p.msg}|${JSON.stringify(p.fields)}`;
      next.add(key);
      if (!previous.has(key)) log[p.level](p.msg, p.fields);
    }
    previous = next;
  };
}

export async function startIngressController(options: IngressControllerOptions): Promise<IngressController> {
  const { config } = options;
  const log = options.log ?? createLogger({ level: parseLogLevel(config.logLevel) });
  const k = config.kubernetesIngress;
  const buildOptions = { allowEmptyServices: k.allowEmptyServices, ingressClass: k.ingressClass };
  let state: ClusterState = emptyClusterState();
  let table: RouteTable = buildRouteTable(state, buildOptions);
  let terminating = false;
  const certs = new CertStore(options.defaultCertificate ?? generateDefaultCertificate());
  const reportRoutes = dedupedReporter(log);
  const reportServed = dedupedReporter(log);
  const reportTls = dedupedReporter(log);
  const reportStatus = dedupedReporter(log);
  const statusInFlight = new Set<string>();

  const updateStatuses = () => {
    if (!options.status) return;
    const desired = desiredLoadBalancer(state, k);
    if (desired && !desired.ok) {
      reportStatus([
        { level: 'error', msg: 'Error while updating ingress status', fields: { error: desired.error } },
      ]);
      return;
    }
    reportStatus([]);
    if (!desired) return;
    for (const ingress of table.served) {
      if (sameAddresses(ingress.status?.loadBalancer?.ingress, desired.addresses)) continue;
      const key = `${ingress.metadata.uid ?? ''}/${ingress.metadata.namespace}/${ingress.metadata.name}@${ingress.metadata.resourceVersion ?? ''}`;
      if (statusInFlight.has(key)) continue;
      statusInFlight.add(key);
      options.status
        .updateIngressStatus(ingress as KubeObject, desired.addresses)
        .catch((error: Error & { code?: number }) => {
          // A conflict means a newer version is on its way through the watch; the next rebuild retries.
          const level = error.code === 409 ? 'debug' : 'error';
          log[level]('Error while updating ingress status', {
            ingress: ingress.metadata.name,
            namespace: ingress.metadata.namespace,
            error: error.message,
          });
        })
        .finally(() => statusInFlight.delete(key));
    }
  };

  const apply = (next: ClusterState) => {
    state = next;
    if (!k.enabled) return;
    table = buildRouteTable(state, buildOptions);
    reportServed(table.notes);
    reportRoutes(table.problems);
    const tlsProblems = certs.update(state.secrets, table.tlsSecrets);
    reportTls(
      tlsProblems.map((p) => ({
        level: 'error' as const,
        msg: 'Error configuring TLS',
        fields: { error: p.msg },
      })),
    );
    updateStatuses();
  };

  const proxy = new IngressProxy({
    table: () => table,
    strictPrefix: k.strictPrefixMatching,
    serverName: options.serverName ?? 'traefik',
    log,
    accessLog: config.accessLog,
  });
  let entryPoints: EntryPointsHandle;
  try {
    entryPoints = await startEntryPoints({
      entryPoints: config.entryPoints,
      proxy,
      certs,
      internal: {
        table: () => table,
        strictPrefix: k.strictPrefixMatching,
        ping: config.ping,
        api: config.api,
        entryPointNames: config.entryPoints.map((e) => e.name),
        terminating: () => terminating,
      },
    });
  } catch (error) {
    proxy.close();
    throw error;
  }
  for (const ep of entryPoints.entryPoints) {
    log.info(`Starting entry point ${ep.name} on ${ep.host}:${ep.port}`, {
      entryPointName: ep.name,
      tls: ep.tls,
    });
  }
  if (k.enabled) {
    log.info('Starting provider *ingress.Provider', {
      strictPrefixMatching: k.strictPrefixMatching,
      allowEmptyServices: k.allowEmptyServices,
    });
    if (config.kubernetesCRD) log.info('Starting provider *crd.Provider (Middleware objects only)');
  }

  try {
    await options.source.start(apply);
  } catch (error) {
    await entryPoints.close();
    proxy.close();
    throw error;
  }

  return {
    entryPoints: entryPoints.entryPoints,
    table: () => table,
    async stop() {
      terminating = true;
      await options.source.stop();
      await entryPoints.close();
      proxy.close();
    },
  };
}
