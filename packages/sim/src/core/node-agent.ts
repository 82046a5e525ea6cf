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
