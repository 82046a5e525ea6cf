// Shapes shared by the request pipeline (create/update/patch/delete/watch) and its two front ends:
// the HTTP server and the in-process ApiClient.
import type { NetworkPlan } from '../../core/network.ts';
import type { Registry, RegistryContext } from '../../core/strategy.ts';
import type { KubeObject, ListOptions, ObjectList, ResourceType, WatchEvent } from '../../core/types.ts';
import type { Store } from '../../store/store.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface RequestOptions {
  dryRun?: boolean;
  /** How unknown fields are handled; `Warn` (the API server's default) when absent. */
  fieldValidation?: FieldValidation;
  fieldManager?: string;
  subresource?: 'status' | 'scale';
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** true when the write created the object (HTTP 201). */
  created: boolean;
}

export interface RestDeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditionUid?: string;
  preconditionResourceVersion?: string;
  dryRun?: boolean;
}

export interface DeleteResult {
  object: KubeObject;
  /** true when the object is gone; false when it is only marked (graceful or finalizers). */
  removed: boolean;
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export interface PatchOptions extends RequestOptions {
  force?: boolean;
}

export interface RestWatchOptions extends ListOptions {
  /** Resume after this resourceVersion; absent or "0" sends the current objects as ADDED first. */
  resourceVersion?: string;
  /** Only changes after now, no initial state (the in-process client's semantics). */
  futureOnly?: boolean;
}

/** Everything the pipeline steps share. */
export interface RestContext {
  store: Store;
  registry: Registry;
  registryContext: RegistryContext;
  network: NetworkPlan;
}

export interface RestStorage {
  readonly context: RestContext;
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject;
  list(type: ResourceType, namespace: string | undefined, options?: ListOptions): ObjectList;
  create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    options?: RequestOptions,
  ): WriteResult;
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    options?: RequestOptions,
  ): WriteResult;
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options?: PatchOptions,
  ): WriteResult;
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options?: RestDeleteOptions,
  ): DeleteResult;
  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    listOptions: ListOptions,
    options?: RestDeleteOptions,
  ): ObjectList;
  watch(
    type: ResourceType,
    namespace: string | undefined,
    options: RestWatchOptions,
    listener: (event: WatchEvent) => void,
  ): () => void;
  getScale(type: ResourceType, namespace: string | undefined, name: string): KubeObject;
  recordEvent(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source?: string,
  ): void;
}
