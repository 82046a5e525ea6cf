// The in-process API: controllers, the node agent and kube-proxy use it exactly as real components
// use the API server, so every write goes through defaulting, allocation and validation.
import type { KubeObject, ListOptions, ObjectList, ResourceType, WatchEvent } from './types.ts';

/** Identifies a resource: by apiVersion + kind, or by the resource type itself. */
export type ResourceRef = { apiVersion: string; kind: string } | ResourceType;

export interface WriteOptions {
  /** Name of the writer, recorded as the field manager (e.g. `replicaset-controller`). */
  fieldManager?: string;
  /** Write the status subresource instead of the main resource (spec changes are ignored). */
  subresource?: 'status' | 'scale';
  dryRun?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Only delete if the stored uid matches. */
  preconditionUid?: string;
}

export type Unsubscribe = () => void;

export interface ApiClient {
  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined;
  list(ref: ResourceRef, namespace?: string, options?: ListOptions): ObjectList;
  create(object: KubeObject, options?: WriteOptions): KubeObject;
  /** Full replace; throws a Conflict StatusError when metadata.resourceVersion is stale. */
  update(object: KubeObject, options?: WriteOptions): KubeObject;
  /** Delete with the API server's semantics (graceful for Pods: sets deletionTimestamp first). */
  delete(ref: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  /** Events from `resourceVersion` onward (or only future events when omitted). */
  watch(
    ref: ResourceRef,
    namespace: string | undefined,
    listener: (event: WatchEvent) => void,
    options?: ListOptions & { resourceVersion?: string },
  ): Unsubscribe;
  /** Records a core/v1 Event about `involved` (reason, message, type Normal|Warning). */
  recordEvent(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source?: string,
  ): void;
}
