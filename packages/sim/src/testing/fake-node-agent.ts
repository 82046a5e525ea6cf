// A kubelet for tests: it runs nothing, but reports every Pod bound to its node as started and
// ready, with a unique Pod IP from the plan, and finishes deletions at once. Tests flip readiness
// and hold deletions to put Pods in the states controllers must handle.
import { Readable } from 'node:stream';
import { inform, keyOf, splitKey } from '../controllers/informer.ts';
import { POD } from '../controllers/refs.ts';
import { WorkQueue } from '../controllers/work-queue.ts';
import type { ApiClient, Unsubscribe } from '../core/client.ts';
import { type NetworkPlan, NODE_NAME, nthAddress } from '../core/network.ts';
import type { LogOptions, NodeAgent } from '../core/node-agent.ts';
import type { KubeObject } from '../core/types.ts';

export interface FakeNodeAgentOptions {
  network: NetworkPlan;
  nodeName?: string;
  /** Whether a Pod is Ready once it starts (default: every Pod is). Override later with setReady(). */
  initiallyReady?: (pod: KubeObject) => boolean;
}

const FIELD_MANAGER = 'kubelet';

export class FakeNodeAgent implements NodeAgent {
  readonly nodeName: string;
  readonly #network: NetworkPlan;
  readonly #initiallyReady: (pod: KubeObject) => boolean;
  /** Pod uid → IP; the IPAM state of this node. */
  readonly #ips = new Map<string, string>();
  readonly #usedIPs = new Set<string>();
  readonly #readiness = new Map<string, boolean>();
  #nextOffset = 2; // .1 is the gateway on a real bridge; kind's first Pod gets .2 too
  #holdDeletions = false;
  #client: ApiClient | undefined;
  #queue: WorkQueue | undefined;
  #unsubscribe: Unsubscribe | undefined;

  constructor(options: FakeNodeAgentOptions) {
    this.nodeName = options.nodeName ?? NODE_NAME;
    this.#network = options.network;
    this.#initiallyReady = options.initiallyReady ?? (() => true);
  }

  async start(client: ApiClient): Promise<void> {
    if (this.#client)
      throw new Error(`FakeNodeAgent for node ${this.nodeName} was already started; create a new one`);
    this.#client = client;
    this.#queue = new WorkQueue(`fake-kubelet ${this.nodeName}`, (key) => this.#sync(key));
    this.#unsubscribe = inform(client, POD, (event) => {
      const pod = event.object;
      if (pod.spec?.nodeName !== this.nodeName) return;
      if (event.type === 'DELETED') {
        this.#forget(pod);
        return;
      }
      // A Pod that already has an IP (the agent restarted) keeps it.
      const uid = pod.metadata.uid ?? '';
      if (pod.status?.podIP && !this.#ips.has(uid)) this.#remember(uid, pod.status.podIP);
      this.#queue?.add(keyOf(pod));
    });
  }

  logs(_namespace: string, _name: string, _options: LogOptions): NodeJS.ReadableStream {
    return Readable.from([]);
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue?.stop();
  }

  /** Sets a Pod's Ready and ContainersReady conditions, as a readiness probe result would. */
  setReady(namespace: string, name: string, ready: boolean): KubeObject {
    const client = this.#requireClient();
    const pod = client.get(POD, namespace, name);
    if (!pod)
      throw new Error(`Expected Pod ${namespace}/${name} to exist before setting its readiness; it does not`);
    this.#readiness.set(pod.metadata.uid ?? '', ready);
    return this.#report(pod) ?? pod;
  }

  /** Keeps Pods with a deletionTimestamp in Terminating until releaseDeletions() (a long grace period). */
  holdDeletions(): void {
    this.#holdDeletions = true;
  }

  releaseDeletions(): void {
    this.#holdDeletions = false;
    const client = this.#requireClient();
    for (const pod of client.list(POD).items) {
      if (pod.metadata.deletionTimestamp && pod.spec?.nodeName === this.nodeName)
        this.#queue?.add(keyOf(pod));
    }
  }

  /** The IP this node gave a Pod, if it runs here. */
  podIP(uid: string): string | undefined {
    return this.#ips.get(uid);
  }

  #requireClient(): ApiClient {
    if (!this.#client) throw new Error('FakeNodeAgent is not started; call start(client) first');
    return this.#client;
  }

  #sync(key: string): void {
    const client = this.#requireClient();
    const { namespace, name } = splitKey(key);
    const pod = client.get(POD, namespace, name);
    if (!pod || pod.spec?.nodeName !== this.nodeName) return;
    if (pod.metadata.deletionTimestamp) {
      if (this.#holdDeletions) return;
      client.delete(POD, namespace, name, { gracePeriodSeconds: 0, preconditionUid: pod.metadata.uid });
      return;
    }
    this.#report(pod);
  }

  /** Writes the status this node believes the Pod has; returns the stored Pod, or undefined if unchanged. */
  #report(pod: KubeObject): KubeObject | undefined {
    const client = this.#requireClient();
    const uid = pod.metadata.uid ?? '';
    const ip = this.#ips.get(uid) ?? this.#allocate(uid);
    const ready = this.#readiness.get(uid) ?? this.#initiallyReady(pod);
    const facts = { ip, hostIP: this.#network.nodeIP, ready };
    if (reportsAlready(pod, facts)) return undefined;
    const status = desiredStatus(pod, facts);
    return client.update({ ...pod, status }, { fieldManager: FIELD_MANAGER, subresource: 'status' });
  }

  #allocate(uid: string): string {
    const size = 2 ** (32 - Number(this.#network.podCIDR.split('/')[1] ?? 24));
    for (let tries = 0; tries < size; tries++) {
      const offset = this.#nextOffset;
      this.#nextOffset = offset + 1 >= size - 1 ? 2 : offset + 1;
      const ip = nthAddress(this.#network.podCIDR, offset);
      if (!this.#usedIPs.has(ip)) {
        this.#remember(uid, ip);
        return ip;
      }
    }
    throw new Error(
      `No free Pod IP left in ${this.#network.podCIDR}: every address is in use; delete some Pods`,
    );
  }

  #remember(uid: string, ip: string): void {
    this.#ips.set(uid, ip);
    this.#usedIPs.add(ip);
  }

  #forget(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const ip = this.#ips.get(uid);
    if (ip) this.#usedIPs.delete(ip);
    this.#ips.delete(uid);
    this.#readiness.delete(uid);
  }
}

/** Compares only what this node decides, so a store that reorders or drops empty fields causes no write loop. */
function reportsAlready(pod: KubeObject, facts: { ip: string; hostIP: string; ready: boolean }): boolean {
  const status = pod.status ?? {};
  const conditions: Condition[] = status.conditions ?? [];
  const conditionIs = (type: string, value: boolean) =>
    conditions.some((c) => c.type === type && c.status === (value ? 'True' : 'False'));
  const containers: unknown[] = pod.spec?.containers ?? [];
  const statuses: Array<{ ready?: boolean }> = status.containerStatuses ?? [];
  return (
    status.phase === 'Running' &&
    status.podIP === facts.ip &&
    status.hostIP === facts.hostIP &&
    conditionIs('Ready', facts.ready) &&
    conditionIs('ContainersReady', facts.ready) &&
    conditionIs('Initialized', true) &&
    conditionIs('PodScheduled', true) &&
    statuses.length === containers.length &&
    statuses.every((s) => s.ready === facts.ready)
  );
}

type Condition = { type: string; status: string; lastProbeTime: null; lastTransitionTime: string };

/** The status a kubelet reports for a Pod whose containers all started. */
function desiredStatus(
  pod: KubeObject,
  facts: { ip: string; hostIP: string; ready: boolean },
): KubeObject['status'] {
  const previous = pod.status ?? {};
  const now = new Date().toISOString();
  const startTime: string = previous.startTime ?? now;
  const oldConditions: Condition[] = previous.conditions ?? [];
  const condition = (type: string, value: boolean): Condition => {
    const status = value ? 'True' : 'False';
    const old = oldConditions.find((c) => c.type === type);
    // lastTransitionTime only moves when the status flips, as the kubelet does it.
    const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : now;
    return { type, status, lastProbeTime: null, lastTransitionTime };
  };
  const containers: Array<{ name: string; image?: string }> = pod.spec?.containers ?? [];
  const initContainers: Array<{ name: string; image?: string }> = pod.spec?.initContainers ?? [];
  const oldStatuses: Array<{ name: string; state?: { running?: { startedAt: string } } }> =
    previous.containerStatuses ?? [];
  return {
    ...previous,
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', true),
      condition('Initialized', true),
      condition('Ready', facts.ready),
      condition('ContainersReady', facts.ready),
      condition('PodScheduled', true),
    ],
    hostIP: facts.hostIP,
    hostIPs: [{ ip: facts.hostIP }],
    podIP: facts.ip,
    podIPs: [{ ip: facts.ip }],
    startTime,
    ...(initContainers.length > 0
      ? {
          initContainerStatuses: initContainers.map((container) => ({
            name: container.name,
            image: container.image,
            imageID: '',
            ready: true,
            restartCount: 0,
            started: false,
            state: {
              terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: startTime },
            },
            lastState: {},
          })),
        }
      : {}),
    containerStatuses: containers.map((container) => ({
      name: container.name,
      image: container.image,
      imageID: '',
      containerID: `sim://${pod.metadata.uid}/${container.name}`,
      ready: facts.ready,
      started: true,
      restartCount: 0,
      state: {
        running: {
          startedAt:
            oldStatuses.find((s) => s.name === container.name)?.state?.running?.startedAt ?? startTime,
        },
      },
      lastState: {},
    })),
    qosClass: previous.qosClass ?? 'BestEffort',
  };
}
