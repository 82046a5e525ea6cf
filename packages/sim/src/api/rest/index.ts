// The request pipeline behind both front ends (HTTP and in-process): one RestStorage per cluster.

import { withCustomResources } from '../../apiextensions/serving.ts';
import type { ResourceRef } from '../../core/client.ts';
import type { NetworkPlan } from '../../core/network.ts';
import type { Registry, RegistryContext } from '../../core/strategy.ts';
import { type KubeObject, notFound, type ObjectList, type ResourceType } from '../../core/types.ts';
import { createRegistry } from '../../registry/index.ts';
import { resolveRef, typeKey } from '../../resources.ts';
import type { Store } from '../../store/store.ts';
import { createObject } from './create.ts';
import { deleteObject } from './delete.ts';
import { createEventRecorder } from './events.ts';
import { patchObject } from './patch.ts';
import { getScale, toScale, updateScale } from './scale.ts';
import type { RestContext, RestStorage } from './types.ts';
import { updateObject } from './update.ts';
import { objectMatcher, watchObjects } from './watch.ts';

export type { RestStorage } from './types.ts';

export interface RestStorageOptions {
  store: Store;
  network: NetworkPlan;
  /** Builds the per-kind rules; the sim's registry unless a test swaps it. */
  createRegistry?: (ctx: RegistryContext) => Registry;
}

export function createRestStorage(options: RestStorageOptions): RestStorage {
  const { store, network } = options;
  const registryContext: RegistryContext = {
    network,
    list(ref: ResourceRef, namespace?: string) {
      const type = resolveRef(ref);
      const listed = store.list(typeKey(type), type.namespaced ? namespace : undefined);
      return { items: listed.items, resourceVersion: String(listed.resourceVersion) };
    },
    get(ref: ResourceRef, namespace: string | undefined, name: string) {
      const type = resolveRef(ref);
      return store.get(typeKey(type), type.namespaced ? namespace : undefined, name);
    },
  };
  // CustomResourceDefinitions and the kinds they define get their rules from src/apiextensions.
  const registry = withCustomResources(
    (options.createRegistry ?? createRegistry)(registryContext),
    registryContext,
    store,
  );
  const ctx: RestContext = { store, registry, registryContext, network };
  const ns = (type: ResourceType, namespace: string | undefined) => (type.namespaced ? namespace : undefined);

  return {
    context: ctx,
    get(type, namespace, name) {
      const object = store.get(typeKey(type), ns(type, namespace), name);
      if (!object) throw notFound(type, name);
      return object;
    },
    list(type, namespace, listOptions = {}): ObjectList {
      const matches = objectMatcher(type, listOptions);
      const listed = store.list(typeKey(type), ns(type, namespace));
      return { items: listed.items.filter(matches), resourceVersion: String(listed.resourceVersion) };
    },
    create: (type, namespace, body, opts) => createObject(ctx, type, ns(type, namespace), body, opts),
    update(type, namespace, name, body, opts = {}) {
      if (opts.subresource === 'scale') return updateScale(ctx, type, ns(type, namespace), name, body, opts);
      return updateObject(ctx, type, ns(type, namespace), name, body, opts);
    },
    patch(type, namespace, name, patchType, patch, opts = {}) {
      if (opts.subresource === 'scale') {
        const scale = getScale(ctx, type, ns(type, namespace), name);
        const patched = patchObject(
          { ...ctx, store: scaleStore(scale) },
          { ...type, kind: 'Scale', group: 'autoscaling', version: 'v1', subresources: [] },
          ns(type, namespace),
          name,
          patchType,
          patch,
          { ...opts, subresource: undefined, dryRun: true, fieldValidation: 'Ignore' },
        );
        return updateScale(ctx, type, ns(type, namespace), name, patched.object, opts);
      }
      return patchObject(ctx, type, ns(type, namespace), name, patchType, patch, opts);
    },
    delete: (type, namespace, name, opts) => deleteObject(ctx, type, ns(type, namespace), name, opts),
    deleteCollection(type, namespace, listOptions, opts = {}) {
      const matches = objectMatcher(type, listOptions);
      const items: KubeObject[] = [];
      for (const item of store.list(typeKey(type), ns(type, namespace)).items) {
        if (!matches(item)) continue;
        try {
          items.push(deleteObject(ctx, type, item.metadata.namespace, item.metadata.name ?? '', opts).object);
        } catch {
          // Gone in the meantime (a finalizer finished, a controller deleted it): nothing to do.
        }
      }
      return { items, resourceVersion: String(store.resourceVersion) };
    },
    watch: (type, namespace, opts, listener) => watchObjects(ctx, type, ns(type, namespace), opts, listener),
    getScale: (type, namespace, name) => getScale(ctx, type, ns(type, namespace), name),
    recordEvent: createEventRecorder(ctx),
  };
}

/** A one-object read-only view so a Scale can be patched with the ordinary patch code. */
function scaleStore(scale: KubeObject): Store {
  return {
    get: () => structuredClone(scale),
  } as unknown as Store;
}

export { toScale };
