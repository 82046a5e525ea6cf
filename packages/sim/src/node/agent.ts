// The sim's kubelet: watches the Pods bound to its node and runs each as real processes (PodWorker),
// finishes graceful deletions, serves container logs, and stops every process when the node stops.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { inform } from '../controllers/informer.ts';
import type { ApiClient, Unsubscribe } from '../core/client.ts';
import type { NetworkPlan } from '../core/network.ts';
import type {
  ExecOptions,
  LogOptions,
  StreamingNodeAgent,
  StreamOptions,
  StreamSession,
} from '../core/node-agent.ts';
import { badRequest, type KubeObject, StatusError } from '../core/types.ts';
import {
  acquireVirtualNetwork,
  type NetworkMode,
  type VirtualNetworkLease,
} from '../core/virtual-network.ts';
import { clusterDnsAddress } from '../dns/address.ts';
import { readContainerLog } from './container-logs.ts';
import { attachToContainer, execInContainer } from './container-streams.ts';
import { defaultImageCatalog, type ImageCatalog } from './image-catalog.ts';
import { IpPool } from './ip-pool.ts';
import { PodWorker } from './pod-worker.ts';
import { buildPodNetworkShim } from './shim/build-shim.ts';
import { prepareToolbox } from './toolbox-program.ts';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

export interface ProcessNodeAgentOptions {
  stateDir: string;
  network: NetworkPlan;
  kubeconfigPath: string;
  nodeName: string;
  /** Multiplies the kubelet's restart and image-pull back-off (10 s doubling to 5 min); tests use e.g. 0.01. */
  backoffScale?: number;
  /** The images the node has (default: workshop/backend:*, traefik:*). */
  catalog?: ImageCatalog;
  /** Where Pods' resolvers ask (default: clusterDnsAddress(network), where startKubeProxy serves DNS). */
  dnsServer?: { host: string; port: number };
  /** Upper bound for the grace period when the whole node stops (default 5 s). */
  shutdownGraceSeconds?: number;
  log?: (line: string) => void;
  /** Forces the network mode (default: SIM_NETWORK_MODE, else probed; see core/virtual-network.ts). */
  networkMode?: NetworkMode;
}

export class ProcessNodeAgent implements StreamingNodeAgent {
  readonly nodeName: string;
  readonly #options: ProcessNodeAgentOptions;
  readonly #workers = new Map<string, PodWorker>(); // by uid
  readonly #ips: IpPool;
  readonly #log: (line: string) => void;
  #client: ApiClient | undefined;
  #unsubscribe: Unsubscribe | undefined;
  #stopped = false;
  #shimPath = '';
  #lease: VirtualNetworkLease | undefined;
  readonly #sessions = new Set<StreamSession>();

  constructor(options: ProcessNodeAgentOptions) {
    this.nodeName = options.nodeName;
    this.#options = options;
    this.#ips = new IpPool(options.network.podCIDR);
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  async start(client: ApiClient): Promise<void> {
    if (this.#client)
      throw new Error(`the node agent for ${this.nodeName} was already started; create a new one`);
    this.#client = client;
    await mkdir(this.#options.stateDir, { recursive: true });
    this.#lease = await acquireVirtualNetwork(this.#options.network, { mode: this.#options.networkMode });
    this.#shimPath = await buildPodNetworkShim(path.join(this.#options.stateDir, 'node'));
    this.#unsubscribe = inform(client, POD, (event) => {
      const pod = event.object;
      if (pod.spec?.nodeName !== this.nodeName || this.#stopped) return;
      if (event.type === 'DELETED') this.#forget(pod);
      else this.#sync(pod);
    });
  }

  /** The workers of the Pods this node runs (tests, benchmarks). */
  get pods(): ReadonlyMap<string, PodWorker> {
    return this.#workers;
  }

  #sync(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    let worker = this.#workers.get(uid);
    if (!worker) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      if (pod.metadata.deletionTimestamp) {
        this.#finishDeletion(pod);
        return;
      }
      const ip = this.#ips.allocate();
      const network = this.#lease?.network;
      const dns = this.#options.dnsServer ?? clusterDnsAddress(this.#options.network, network?.mode);
      worker = new PodWorker(pod, ip, {
        client: this.#client as ApiClient,
        catalog: this.#options.catalog ?? defaultImageCatalog(),
        shimPath: this.#shimPath,
        stateDir: this.#options.stateDir,
        kubeconfigPath: this.#options.kubeconfigPath,
        nodeIP: this.#options.network.nodeIP,
        dnsServer: `${dns.host}:${dns.port}`,
        backoffScale: this.#options.backoffScale ?? 1,
        log: this.#log,
        network,
      });
      this.#workers.set(uid, worker);
      worker.start();
      return;
    }
    worker.update(pod);
    if (pod.metadata.deletionTimestamp) {
      const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
      void worker.terminate(grace).then(() => this.#release(uid));
    }
  }

  #finishDeletion(pod: KubeObject): void {
    try {
      this.#client?.delete(POD, pod.metadata.namespace, pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        preconditionUid: pod.metadata.uid,
      });
    } catch {
      // already gone
    }
  }

  #forget(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const worker = this.#workers.get(uid);
    if (!worker) return;
    // Force deletion: the object is gone, the processes go too.
    void worker.kill(0).then(() => this.#release(uid));
  }

  #release(uid: string): void {
    const worker = this.#workers.get(uid);
    if (!worker) return;
    this.#workers.delete(uid);
    this.#lease?.network.table?.removeAddress(worker.podIP);
    this.#ips.release(worker.podIP);
  }

  #worker(namespace: string, name: string) {
    const worker = [...this.#workers.values()].find(
      (w) => w.pod.metadata.namespace === namespace && w.pod.metadata.name === name,
    );
    if (!worker) throw new StatusError(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
    return worker;
  }

  #runner(namespace: string, name: string, container: string) {
    const runner = this.#worker(namespace, name).runners.find((r) => r.name === container);
    if (!runner) throw badRequest(`container ${container} is not valid for pod ${name}`);
    return runner;
  }

  async exec(namespace: string, name: string, options: ExecOptions): Promise<StreamSession> {
    await prepareToolbox(this.#log);
    const session = execInContainer(
      this.#runner(namespace, name, options.container),
      this.#shimPath,
      options,
    );
    this.#sessions.add(session);
    void session.exited.then(() => this.#sessions.delete(session));
    return session;
  }

  attach(namespace: string, name: string, options: StreamOptions): StreamSession {
    return attachToContainer(this.#runner(namespace, name, options.container), options);
  }

  logs(namespace: string, name: string, options: LogOptions): Readable {
    const worker = this.#worker(namespace, name);
    const runner = options.container
      ? worker.runners.find((r) => r.name === options.container)
      : worker.runners[0];
    if (!runner) throw badRequest(`container ${options.container} is not valid for pod ${name}`);
    const file = runner.logPath(options.previous === true);
    if (options.previous && (!file || runner.restartCount === 0)) {
      throw badRequest(`previous terminated container "${runner.name}" in pod "${name}" not found`);
    }
    if (!runner.everRan && 'waiting' in runner.state) {
      throw badRequest(
        `container "${runner.name}" in pod "${name}" is waiting to start: ${runner.state.waiting.reason}`,
      );
    }
    return readContainerLog(file as string, {
      tailLines: options.tailLines,
      sinceSeconds: options.sinceSeconds,
      timestamps: options.timestamps,
      follow: options.follow === true && !options.previous,
      isLive: () => runner.live && !this.#stopped,
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    for (const session of this.#sessions) session.close();
    const grace = this.#options.shutdownGraceSeconds ?? 5;
    await Promise.all([...this.#workers.values()].map((w) => w.kill(grace)));
    this.#workers.clear();
    await this.#lease?.release();
  }
}
