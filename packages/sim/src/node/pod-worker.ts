// The kubelet's per-Pod worker: gives the Pod its IP, runs each container, writes status when
// anything changes, and on deletion stops the containers (grace period) and removes the object.
import path from 'node:path';
import type { ApiClient } from '../core/client.ts';
import { CLUSTER_DOMAIN } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';
import type { VirtualNetwork } from '../core/virtual-network.ts';
import { containerEnv } from './container-env.ts';
import { ContainerRunner, type ContainerSpec } from './container-runner.ts';
import type { ImageCatalog } from './image-catalog.ts';
import { podStatus } from './pod-status.ts';
import { serviceEnv } from './service-env.ts';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

export interface PodWorkerContext {
  client: ApiClient;
  catalog: ImageCatalog;
  shimPath: string;
  stateDir: string;
  kubeconfigPath: string;
  nodeIP: string;
  dnsServer: string;
  backoffScale: number;
  log: (line: string) => void;
  /** The node's network; in ports mode probes dial through its table and Pods get the shim's settings. */
  network?: VirtualNetwork;
}

export class PodWorker {
  readonly runners: ContainerRunner[];
  #pod: KubeObject;
  readonly #ctx: PodWorkerContext;
  readonly #startTime = new Date().toISOString();
  #reportQueued = false;
  #writing: Promise<void> = Promise.resolve();
  #gone = false;
  #terminating: Promise<void> | undefined;

  constructor(
    pod: KubeObject,
    readonly podIP: string,
    ctx: PodWorkerContext,
  ) {
    this.#pod = pod;
    this.#ctx = ctx;
    const { namespace, name, uid } = pod.metadata;
    const podDir = path.join(ctx.stateDir, 'pods', `${namespace}_${name}_${uid}`);
    this.runners = ((pod.spec?.containers ?? []) as ContainerSpec[]).map(
      (spec) =>
        new ContainerRunner(spec, {
          pod: () => this.#pod,
          podIP,
          podDir,
          catalog: ctx.catalog,
          shimPath: ctx.shimPath,
          backoffScale: ctx.backoffScale,
          env: (container) => this.#env(container),
          event: (type, reason, message) => this.#event(type, reason, message),
          log: ctx.log,
          changed: () => this.report(),
          // Probes dial as the node does: through the table in ports mode, from the node IP otherwise.
          ...(ctx.network ? { dial: (host: string, port: number) => ctx.network?.dial(host, port) } : {}),
          ...(ctx.network?.mode === 'ports'
            ? { exited: (pid: number) => ctx.network?.table?.removeAddress(podIP, pid) }
            : {}),
        }),
    );
  }

  get pod(): KubeObject {
    return this.#pod;
  }

  get uid(): string {
    return this.#pod.metadata.uid ?? '';
  }

  start(): void {
    this.report();
    for (const runner of this.runners) runner.start();
  }

  /** Takes the newest copy of the Pod (labels for the downward API, deletionTimestamp). */
  update(pod: KubeObject): void {
    this.#pod = pod;
  }

  /** Graceful deletion: stop every container within the grace period, then remove the object. */
  terminate(graceSeconds: number): Promise<void> {
    this.#terminating ??= (async () => {
      await Promise.all(this.runners.map((r) => r.stop(graceSeconds)));
      await this.#writing;
      this.#gone = true;
      try {
        this.#ctx.client.delete(POD, this.#pod.metadata.namespace, this.#pod.metadata.name ?? '', {
          gracePeriodSeconds: 0,
          preconditionUid: this.uid,
        });
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code !== 404 && code !== 409)
          this.#ctx.log(`kubelet: deleting pod ${this.#ref()}: ${String(error)}`);
      }
    })();
    return this.#terminating;
  }

  /** The object is gone (force deletion) or the node stops: stop the processes, write nothing more. */
  async kill(graceSeconds: number): Promise<void> {
    this.#gone = true;
    await Promise.all(this.runners.map((r) => r.stop(graceSeconds)));
  }

  report(): void {
    if (this.#reportQueued || this.#gone) return;
    this.#reportQueued = true;
    setImmediate(() => {
      this.#reportQueued = false;
      this.#writing = this.#writing.then(() => this.#write());
    });
  }

  async #write(): Promise<void> {
    for (let attempt = 0; attempt < 5 && !this.#gone; attempt++) {
      const current = this.#ctx.client.get(POD, this.#pod.metadata.namespace, this.#pod.metadata.name ?? '');
      if (!current || current.metadata.uid !== this.uid) return;
      const status = podStatus(current, this.runners, {
        podIP: this.podIP,
        hostIP: this.#ctx.nodeIP,
        startTime: this.#startTime,
      });
      try {
        this.#pod = this.#ctx.client.update(
          { ...current, status },
          { subresource: 'status', fieldManager: 'kubelet' },
        );
        return;
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === 404) return;
        if (code !== 409) {
          this.#ctx.log(`kubelet: status of pod ${this.#ref()}: ${String(error)}`);
          return;
        }
      }
    }
  }

  #ref(): string {
    return `${this.#pod.metadata.namespace}/${this.#pod.metadata.name}`;
  }

  #event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    try {
      this.#ctx.client.recordEvent(this.#pod, type, reason, message, 'kubelet');
    } catch (error) {
      this.#ctx.log(`kubelet: event ${reason} for pod ${this.#ref()}: ${String(error)}`);
    }
  }

  #env(container: ContainerSpec): Record<string, string> {
    const pod = this.#pod;
    const ns = pod.metadata.namespace ?? 'default';
    const withIP = { ...pod, status: { ...pod.status, podIP: this.podIP, hostIP: this.#ctx.nodeIP } };
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOSTNAME: pod.spec?.hostname ?? pod.metadata.name ?? '',
      HOME: process.env.HOME ?? '/root',
      ...serviceEnv(this.#ctx.client.list(SERVICE).items, ns, pod.spec?.enableServiceLinks !== false),
      ...containerEnv(this.#ctx.client, withIP, container as Parameters<typeof containerEnv>[2]),
      SIM_KUBECONFIG: this.#ctx.kubeconfigPath,
      SIM_POD_IP: this.podIP,
      SIM_POD_NAMESPACE: ns,
      SIM_CLUSTER_DOMAIN: CLUSTER_DOMAIN,
      SIM_DNS_SERVER: this.#ctx.dnsServer,
      // For the toolbox (src/toolbox): a terminal to emulate, the Pod's /etc/hosts entry.
      ...(container.tty ? { SIM_TTY: '1' } : {}),
      ...(pod.spec?.subdomain ? { SIM_POD_SUBDOMAIN: pod.spec.subdomain } : {}),
      ...this.#ctx.network?.podEnv(),
    };
  }
}
