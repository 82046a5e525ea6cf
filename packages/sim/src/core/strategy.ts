// The seam between the API server's request pipeline (src/api) and the per-kind rules
// (src/registry): defaulting, admission, allocation and validation, called in the API server's order:
//   decode (unknownFields) → default → admit → beginCreate (allocation) → prepareForCreate →
//   validateCreate → warnings → store.   (shared/reference/k8s-semantics.md §0)
import type { ResourceRef } from './client.ts';
import type { NetworkPlan } from './network.ts';
import type { KubeObject, ObjectList, StatusError } from './types.ts';

export interface RegistryContext {
  network: NetworkPlan;
  /** Read access to stored objects (allocators rebuild from it, admission looks up IngressClasses). */
  list(ref: ResourceRef, namespace?: string): ObjectList;
  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined;
}

/** Called with true when the write was stored, false when a later step failed (release allocations). */
export type Finish = (success: boolean) => void;

export interface ResourceStrategy {
  /**
   * Strict decoding: paths of fields the schema does not know, as the API server prints them
   * (e.g. `spec.ports[0].nordPort`). Checked before anything else; the API server then answers 400.
   */
  unknownFields?(body: KubeObject): string[];
  /** SetDefaults_* for the kind (mutates). */
  default?(object: KubeObject): void;
  /** Mutating admission (e.g. the default IngressClass). */
  admit?(object: KubeObject, ctx: RegistryContext): void;
  /** Allocation (ClusterIP, NodePort). Throws a StatusError (422 or 500) when it fails. */
  beginCreate?(object: KubeObject, ctx: RegistryContext): Finish;
  beginUpdate?(object: KubeObject, old: KubeObject, ctx: RegistryContext): Finish;
  /** Clears status on create, keeps status on update of the main resource, etc. */
  prepareForCreate?(object: KubeObject): void;
  prepareForUpdate?(object: KubeObject, old: KubeObject): void;
  /** A 422 Invalid StatusError carrying every field error, or undefined when valid. */
  validateCreate?(object: KubeObject, ctx: RegistryContext): StatusError | undefined;
  validateUpdate?(object: KubeObject, old: KubeObject, ctx: RegistryContext): StatusError | undefined;
  /** Warning header texts (kubectl prints `Warning: …`). */
  warningsOnCreate?(object: KubeObject): string[];
  warningsOnUpdate?(object: KubeObject, old: KubeObject): string[];
  /** Release what the object held (NodePorts, ClusterIPs) once it is removed. */
  afterDelete?(object: KubeObject, ctx: RegistryContext): void;
}

export interface Registry {
  /** The strategy for a kind; kinds without rules get an empty strategy. `group` is '' for core. */
  strategyFor(group: string, kind: string): ResourceStrategy;
}
