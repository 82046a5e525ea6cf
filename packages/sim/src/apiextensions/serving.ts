// Serving custom resources: once a CRD is stored and Established, each of its served versions
// becomes a resource type of the catalog (discovery, routing, OpenAPI, the in-process client), its
// printer columns a Table printer, and its schema the write rules; when the CRD goes, so do they,
// and every object of the kind is deleted (watchers see DELETED events).

import { registerPrinter, unregisterPrinter } from '../api/tables/index.ts';
import type { Registry, RegistryContext, ResourceStrategy } from '../core/strategy.ts';
import type { KubeObject, ResourceType } from '../core/types.ts';
import { addServedTypes, removeServedTypes, typeKey } from '../resources.ts';
import type { Store } from '../store/store.ts';
import { CRD_GROUP, CRD_KIND, type CrdSpec, crdStrategy, isEstablished } from './crd.ts';
import { type CustomResourceDefinitionView, customResourceStrategy } from './custom-resource.ts';
import { customResourcePrinter } from './printer.ts';

interface Served {
  types: ResourceType[];
  strategy: ResourceStrategy;
  printerKey: string;
}

/** Discovery orders versions as kube-aware sort does: GA before beta before alpha, higher first. */
export function versionPriority(version: string): [number, number, number] {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return [0, 0, 0];
  const stage = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return [stage, Number(match[1]), Number(match[3] ?? 0)];
}

function byPriority(a: string, b: string): number {
  const [x, y] = [versionPriority(a), versionPriority(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return a.localeCompare(b);
}

function typesOf(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CrdSpec;
  const names = spec.names;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => v.name)
    .sort(byPriority)
    .map((version) => {
      const v = spec.versions.find((x) => x.name === version);
      return {
        group: spec.group,
        version,
        kind: names.kind,
        plural: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
        ...(names.categories?.length ? { categories: names.categories } : {}),
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        ...(v?.subresources?.status ? { subresources: ['status' as const] } : {}),
        customResource: true,
      };
    });
}

function viewOf(crd: KubeObject): CustomResourceDefinitionView {
  const spec = crd.spec as CrdSpec;
  return {
    group: spec.group,
    kind: spec.names.kind,
    namespaced: spec.scope === 'Namespaced',
    versions: new Map(
      spec.versions
        .filter((v) => v.served)
        .map((v) => [
          v.name,
          {
            name: v.name,
            schema: v.schema?.openAPIV3Schema ?? { type: 'object' },
            hasStatus: !!v.subresources?.status,
          },
        ]),
    ),
  };
}

export interface CustomResources {
  /** The rules for a custom kind this cluster serves, or undefined. */
  strategyFor(group: string, kind: string): ResourceStrategy | undefined;
  /** Stops serving every custom resource of this cluster (the cluster stops). */
  close(): void;
}

/**
 * Wraps a registry so CustomResourceDefinitions and the kinds they define get their rules; `store`
 * is where a removed CRD's objects are deleted.
 */
export function withCustomResources(
  inner: Registry,
  ctx: RegistryContext,
  store: Store,
): Registry & { customResources: CustomResources } {
  const served = new Map<string, Served>();
  const byKind = new Map<string, ResourceStrategy>();

  function unserve(name: string): Served | undefined {
    const entry = served.get(name);
    if (!entry) return undefined;
    served.delete(name);
    removeServedTypes(entry.types);
    unregisterPrinter(entry.printerKey);
    const first = entry.types[0];
    if (first) byKind.delete(`${first.group}/${first.kind}`);
    return entry;
  }

  function serve(crd: KubeObject): void {
    const name = crd.metadata.name ?? '';
    const previous = unserve(name);
    if (!isEstablished(crd)) {
      if (previous) deleteAll(previous.types[0]);
      return;
    }
    const types = typesOf(crd);
    const first = types[0];
    if (!first) return;
    const spec = crd.spec as CrdSpec;
    const strategy = customResourceStrategy(viewOf(crd));
    const preferred = spec.versions.find((v) => v.name === first.version);
    // Tables are looked up by kind (two CRDs of one kind in different groups share the last one's).
    registerPrinter(first.kind, customResourcePrinter(preferred?.additionalPrinterColumns ?? []));
    addServedTypes(types);
    byKind.set(`${first.group}/${first.kind}`, strategy);
    served.set(name, { types, strategy, printerKey: first.kind });
  }

  function deleteAll(type: ResourceType | undefined): void {
    if (!type) return;
    for (const item of store.list(typeKey(type)).items) {
      store.remove(typeKey(type), item.metadata.namespace, item.metadata.name ?? '');
    }
  }

  const crdRules = crdStrategy(ctx, {
    stored: serve,
    removed(crd) {
      const entry = unserve(crd.metadata.name ?? '');
      deleteAll(entry?.types[0]);
    },
  });

  const customResources: CustomResources = {
    strategyFor: (group, kind) => byKind.get(`${group}/${kind}`),
    close() {
      for (const name of [...served.keys()]) unserve(name);
    },
  };
  return {
    customResources,
    strategyFor(group, kind) {
      if (group === CRD_GROUP && kind === CRD_KIND) return crdRules;
      return byKind.get(`${group}/${kind}`) ?? inner.strategyFor(group, kind);
    },
  };
}
