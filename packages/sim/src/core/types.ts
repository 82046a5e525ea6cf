// Shared shapes of the sim: API objects, resource types, errors in the API server's Status form.
// Every layer (store, API server, controllers, node agent, proxy) speaks these types.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any Kubernetes API object as JSON. Typed views (Service, Pod, ...) are narrowed where used. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: API objects are open JSON; each layer narrows the kinds it knows.
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above, status shapes differ per kind.
  status?: any;
  // biome-ignore lint/suspicious/noExplicitAny: top-level fields differ per kind (data, rules, subsets…).
  [key: string]: any;
}

/** One REST resource the sim serves, as discovery describes it. */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  plural: string; // 'services'
  singular: string; // 'service'
  kind: string; // 'Service'
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources?: Array<'status' | 'scale' | 'log' | 'proxy' | 'eviction' | 'exec' | 'attach' | 'portforward'>;
  /** Served from a CustomResourceDefinition (src/apiextensions/). */
  customResource?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ObjectList {
  items: KubeObject[];
  resourceVersion: string;
}

/** A Status cause, as in metav1.StatusCause. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/**
 * An error that the API server returns as a metav1.Status body.
 * Throw it from any layer; the HTTP layer serialises it unchanged.
 */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): KubeObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `services "web" not found` — group-qualified for non-core resources (`ingresses.networking.k8s.io "x" not found`). */
export function notFound(type: Pick<ResourceType, 'group' | 'plural' | 'kind'>, name: string): StatusError {
  const qualified = type.group ? `${type.plural}.${type.group}` : type.plural;
  return new StatusError(404, 'NotFound', `${qualified} "${name}" not found`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  });
}

export function alreadyExists(type: Pick<ResourceType, 'group' | 'plural'>, name: string): StatusError {
  const qualified = type.group ? `${type.plural}.${type.group}` : type.plural;
  return new StatusError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
  });
}

export function conflict(type: Pick<ResourceType, 'group' | 'plural'>, name: string): StatusError {
  const qualified = type.group ? `${type.plural}.${type.group}` : type.plural;
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...(type.group ? { group: type.group } : {}), kind: type.plural },
  );
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotSupported(message: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', message);
}
