// The seam between the control plane and the node: the sim's "kubelet".
// Like a real kubelet, an agent watches Pods bound to its node (spec.nodeName) through the
// ApiClient, runs them, reports status with update(pod, { subresource: 'status' }), and when a Pod
// has a deletionTimestamp stops it (SIGTERM, grace period, SIGKILL) and then deletes it with
// gracePeriodSeconds: 0, which removes the object.
import type { ApiClient } from './client.ts';

export interface LogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  follow?: boolean;
}

export interface NodeAgent {
  /** The node's name as Pods see it in spec.nodeName. */
  readonly nodeName: string;
  /** Begin watching and running Pods. */
  start(client: ApiClient): Promise<void>;
  /** Process output of a container, for `kubectl logs`; a live stream when follow is set. */
  logs(namespace: string, name: string, options: LogOptions): NodeJS.ReadableStream;
  /** Stop every container at once (cluster shutdown); resolves when no process is left. */
  stop(): Promise<void>;
}

/** What `kubectl exec`/`attach` ask of a container (the API server has already checked the names). */
export interface StreamOptions {
  container: string;
  stdin: boolean;
  tty: boolean;
}

export interface ExecOptions extends StreamOptions {
  command: string[];
}

export type OutputListener = (stream: 'stdout' | 'stderr', chunk: Buffer) => void;

/** One exec or attach session: the container's standard streams and how it ends. */
export interface StreamSession {
  /** Where the client's stdin goes (absent when stdin was not asked for or the container has none). */
  readonly stdin?: NodeJS.WritableStream;
  /** Output from now on (attach first replays what `kubectl run -i` would otherwise miss). */
  onOutput(listener: OutputListener): void;
  /** The exit code of the exec'd command, or of the attached container's process. */
  readonly exited: Promise<number>;
  /** The client went away: an exec'd command is killed, an attach detaches. */
  close(): void;
}

/** A streaming request the kubelet turns down; the API server answers it as the kubelet's text. */
export class StreamRefused extends Error {
  override name = 'StreamRefused';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The streaming half of a node agent (the fake agent has none: its Pods run no processes). */
export interface StreamingNodeAgent extends NodeAgent {
  exec(namespace: string, name: string, options: ExecOptions): Promise<StreamSession>;
  attach(namespace: string, name: string, options: StreamOptions): StreamSession;
}

export function canStream(agent: NodeAgent | undefined): agent is StreamingNodeAgent {
  return typeof (agent as Partial<StreamingNodeAgent> | undefined)?.exec === 'function';
}
