// The in-process ApiClient: controllers, the node agent and kube-proxy call the same request
// pipeline as kubectl does over HTTP, minus the HTTP. Watch events arrive asynchronously and in
// order, so a listener that writes never re-enters the write that notified it.
import type { ApiClient, DeleteOptions, ResourceRef, WriteOptions } from '../core/client.ts';
import type { KubeObject, ListOptions, WatchEvent } from '../core/types.ts';
import { StatusError } from '../core/types.ts';
import { resolveRef } from '../resources.ts';
import type { RestStorage } from './rest/types.ts';

export interface ApiClientOptions {
  /** Field manager recorded for writes that name none. */
  defaultFieldManager?: string;
}

export function createApiClient(rest: RestStorage, options: ApiClientOptions = {}): ApiClient {
  const writeOptions = (opts: WriteOptions = {}) => ({
    fieldManager: opts.fieldManager ?? options.defaultFieldManager,
    subresource: opts.subresource,
    dryRun: opts.dryRun,
    fieldValidation: 'Ignore' as const,
  });

  return {
    get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
      try {
        return rest.get(resolveRef(ref), namespace, name);
      } catch (error) {
        if (error instanceof StatusError && error.code === 404) return undefined;
        throw error;
      }
    },
    list(ref: ResourceRef, namespace?: string, listOptions?: ListOptions) {
      return rest.list(resolveRef(ref), namespace, listOptions);
    },
    create(object: KubeObject, opts?: WriteOptions): KubeObject {
      const type = resolveRef(object);
      return rest.create(type, object.metadata?.namespace, object, writeOptions(opts)).object;
    },
    update(object: KubeObject, opts?: WriteOptions): KubeObject {
      const type = opts?.subresource === 'scale' && object.kind === 'Scale' ? undefined : resolveRef(object);
      if (!type)
        throw new Error(
          'update with subresource "scale" needs the Deployment or ReplicaSet itself, not a Scale',
        );
      return rest.update(
        type,
        object.metadata?.namespace,
        object.metadata?.name ?? '',
        object,
        writeOptions(opts),
      ).object;
    },
    delete(
      ref: ResourceRef,
      namespace: string | undefined,
      name: string,
      opts: DeleteOptions = {},
    ): KubeObject {
      return rest.delete(resolveRef(ref), namespace, name, {
        gracePeriodSeconds: opts.gracePeriodSeconds,
        propagationPolicy: opts.propagationPolicy,
        preconditionUid: opts.preconditionUid,
      }).object;
    },
    watch(ref, namespace, listener, watchOptions = {}) {
      const queue: WatchEvent[] = [];
      let scheduled = false;
      let active = true;
      const drain = () => {
        scheduled = false;
        while (active && queue.length > 0) {
          const event = queue.shift() as WatchEvent;
          try {
            listener(event);
          } catch (error) {
            console.error('sim api: a watch listener threw', error);
          }
        }
      };
      const stop = rest.watch(
        resolveRef(ref),
        namespace,
        {
          labelSelector: watchOptions.labelSelector,
          fieldSelector: watchOptions.fieldSelector,
          resourceVersion: watchOptions.resourceVersion,
          futureOnly: watchOptions.resourceVersion === undefined,
        },
        (event) => {
          queue.push(event);
          if (!scheduled) {
            scheduled = true;
            setImmediate(drain);
          }
        },
      );
      return () => {
        active = false;
        queue.length = 0;
        stop();
      };
    },
    recordEvent(involved, type, reason, message, source) {
      rest.recordEvent(involved, type, reason, message, source);
    },
  };
}
