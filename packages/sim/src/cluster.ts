// The embedded cluster as one object: store + API server + registry + controllers + node agent +
// kube-proxy/DNS/LoadBalancer + host entry points, started in that order and stopped in reverse.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { bootstrapCluster } from './api/bootstrap.ts';
import { createApiClient } from './api/client.ts';
import { type ApiServer, startApiServer } from './api/http/server.ts';
import { createRestStorage } from './api/rest/index.ts';
import { startControllers } from './controllers/index.ts';
import type { ApiClient } from './core/client.ts';
import { DEFAULT_NETWORK, type NetworkPlan, NODE_NAME } from './core/network.ts';
import type { NodeAgent } from './core/node-agent.ts';
import { type EntryPortChoice, pickEntryPorts } from './entry-ports.ts';
import { CONTEXT_NAME, writeKubeconfig } from './kubeconfig.ts';
import { createProcessNodeAgent } from './node/index.ts';
import { startKubeProxy } from './proxy/index.ts';
import { createStore } from './store/store.ts';
import { FakeNodeAgent } from './testing/fake-node-agent.ts';

export interface StartClusterOptions {
  stateDir: string;
  network?: NetworkPlan;
  /** 0 = an ephemeral port (the default). */
  apiPort?: number;
  /** Real processes (default), the test agent that only reports Pods as running, or your own. */
  nodeAgent?: 'process' | 'fake' | NodeAgent;
  /** Host ports forwarded to nodePorts 30080/30443 (80/443 when this process may bind them, else 8080/8443; 0 = ephemeral). */
  entryPoints?: { http?: number; https?: number };
  /**
   * NodePorts the host's 127.0.0.1 forwards one to one to the node, like kind's extraPortMappings
   * (the daemon maps the labs' 30000-30009); none by default, so test clusters never take them.
   */
  hostNodePorts?: number[];
  /** Run kube-proxy, cluster DNS, the LoadBalancer provider and the entry points (default true). */
  kubeProxy?: boolean;
  log?: (line: string) => void;
}

export interface SimCluster {
  apiUrl: string;
  token: string;
  kubeconfigPath: string;
  context: 'workshop-sim';
  client: ApiClient;
  network: NetworkPlan;
  entryPoints: { http: string; https: string };
  /** Why the entry points are not on 80/443, when the rule moved them. */
  entryNote?: string;
  /** Where the host reaches the labs' NodePorts: 127.0.0.1 when they are mapped, else the node IP. */
  nodePortHost: string;
  /** The NodePorts 127.0.0.1 forwards to the node (every NodePort answers on network.nodeIP). */
  hostNodePorts: number[];
  stop(): Promise<void>;
}

export const INGRESS_NODE_PORTS = { http: 30080, https: 30443 } as const;

/** What binding `port` on `host` for a moment says: free, taken, or not allowed for this user. */
function bindProbe(port: number, host: string): Promise<'free' | 'in-use' | 'forbidden'> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EACCES' ? 'forbidden' : 'in-use'),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve('free')));
  });
}

/**
 * The entry ports when none are given, by the workshop's one rule (entry-ports.ts): 80/443 when this
 * process may bind them and they are free, else 8080/8443, else the next free pair.
 */
export function defaultEntryPorts(host = '127.0.0.1'): Promise<EntryPortChoice> {
  return pickEntryPorts(async (port) => {
    const state = await bindProbe(port, host);
    if (state === 'free') return { ok: true };
    return {
      ok: false,
      why:
        state === 'forbidden'
          ? 'this user may not bind ports below 1024'
          : 'already in use by another program',
    };
  });
}

/** Fails early, with the fix, when a host port is taken. */
async function checkPortFree(port: number, host: string, flag: string, fix?: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${port} on ${host} is already in use by another program; ${fix ?? `pass ${flag} to choose another`}`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new Error(
            `port ${port} on ${host} needs root (ports below 1024 are privileged); pass ${flag} to choose another`,
          ),
        );
      } else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function agentFor(
  option: StartClusterOptions['nodeAgent'],
  stateDir: string,
  network: NetworkPlan,
  kubeconfigPath: string,
): NodeAgent {
  if (option === 'fake') return new FakeNodeAgent({ network, nodeName: NODE_NAME });
  if (option === undefined || option === 'process') {
    return createProcessNodeAgent({ stateDir, network, kubeconfigPath, nodeName: NODE_NAME });
  }
  return option;
}

export async function startCluster(options: StartClusterOptions): Promise<SimCluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const network = options.network ?? DEFAULT_NETWORK;
  const stateDir = options.stateDir;
  await mkdir(stateDir, { recursive: true });
  const kubeconfigPath = join(stateDir, 'kubeconfig');
  const token = randomBytes(24).toString('hex');
  const hostIP = '127.0.0.1';
  const runProxy = options.kubeProxy ?? true;
  const given = options.entryPoints ?? {};
  const defaults =
    runProxy && (given.http === undefined || given.https === undefined)
      ? await defaultEntryPorts(hostIP)
      : undefined;
  const entryPorts = {
    http: given.http ?? defaults?.http ?? 8080,
    https: given.https ?? defaults?.https ?? 8443,
  };
  // A note only when the chosen pair is the rule's own (a port the learner named needs none).
  const entryNote = given.http === undefined && given.https === undefined ? defaults?.note : undefined;
  // With a node at 127.0.0.1 itself (a plan of your own) its NodePorts are there already.
  const hostNodePorts = runProxy && network.nodeIP !== hostIP ? (options.hostNodePorts ?? []) : [];
  if (runProxy) {
    await checkPortFree(entryPorts.http, hostIP, '--http-port');
    await checkPortFree(entryPorts.https, hostIP, '--https-port');
    for (const port of hostNodePorts) {
      await checkPortFree(
        port,
        hostIP,
        '--node-port-mappings',
        'the sim maps NodePorts there as kind does; stop the other cluster, or pass --node-port-mappings none (NodePorts then answer on the node IP only)',
      );
    }
  }

  const stops: Array<{ what: string; stop: () => Promise<void> }> = [];
  const stopAll = async () => {
    const failures: string[] = [];
    for (const { what, stop } of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0)
      throw new Error(`stopping the sim cluster left problems: ${failures.join('; ')}`);
  };

  try {
    const store = createStore();
    const rest = createRestStorage({ store, network });
    const client = createApiClient(rest);
    let agent: NodeAgent | undefined;
    const server: ApiServer = await startApiServer({
      rest,
      token,
      host: hostIP,
      port: options.apiPort ?? 0,
      nodeAgent: () => agent,
      log,
    });
    stops.push({ what: 'API server', stop: () => server.close() });
    bootstrapCluster(client, { network, apiHost: hostIP, apiPort: server.port, nodeName: NODE_NAME });
    await writeKubeconfig(kubeconfigPath, { server: server.url, token });

    const controllers = startControllers(client, { nodeName: NODE_NAME });
    stops.push({ what: 'controllers', stop: () => controllers.stop() });

    const nodeAgent = agentFor(options.nodeAgent, stateDir, network, kubeconfigPath);
    await nodeAgent.start(client);
    agent = nodeAgent;
    stops.push({ what: 'node agent', stop: () => nodeAgent.stop() });

    let entryPoints = {
      http: `http://${hostIP}:${entryPorts.http}`,
      https: `https://${hostIP}:${entryPorts.https}`,
    };
    if (runProxy) {
      const proxy = await startKubeProxy(client, {
        network,
        hostIP,
        nodeName: NODE_NAME,
        log,
        hostEntryPoints: [
          { name: 'http', hostPort: entryPorts.http, nodePort: INGRESS_NODE_PORTS.http },
          { name: 'https', hostPort: entryPorts.https, nodePort: INGRESS_NODE_PORTS.https },
          ...hostNodePorts.map((port) => ({ name: `nodePort ${port}`, hostPort: port, nodePort: port })),
        ],
      });
      stops.push({ what: 'kube-proxy', stop: () => proxy.stop() });
      const urls = Object.fromEntries(proxy.hostEntryPoints.map((e) => [e.name, e.url]));
      entryPoints = { http: urls.http ?? entryPoints.http, https: urls.https ?? entryPoints.https };
    }

    let stopped: Promise<void> | undefined;
    return {
      apiUrl: server.url,
      token,
      kubeconfigPath,
      context: CONTEXT_NAME,
      client,
      network,
      entryPoints,
      ...(entryNote ? { entryNote } : {}),
      nodePortHost: hostNodePorts.length > 0 ? hostIP : network.nodeIP,
      hostNodePorts,
      stop() {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll().catch(() => {});
    throw error;
  }
}
