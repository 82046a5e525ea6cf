// The NamespaceLifecycle admission plugin and the Namespace kind's own server-side defaults.
import { badRequest, type KubeObject, type ResourceType, StatusError } from '../../core/types.ts';
import { RESOURCE_TYPES, typeKey } from '../../resources.ts';
import { qualifiedResource } from './metadata.ts';
import type { RestContext } from './types.ts';

const NAMESPACES = RESOURCE_TYPES.find((t) => t.plural === 'namespaces') as ResourceType;

/** Namespaces that may never be deleted, as the real lifecycle plugin protects them. */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** The namespace a namespaced request works in: from the URL, checked against the body. */
export function resolveNamespace(
  type: ResourceType,
  urlNamespace: string | undefined,
  object: KubeObject,
): string | undefined {
  if (!type.namespaced) {
    delete object.metadata.namespace;
    return undefined;
  }
  const fromBody = object.metadata.namespace;
  const namespace = urlNamespace ?? fromBody ?? 'default';
  if (fromBody !== undefined && fromBody !== '' && fromBody !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  object.metadata.namespace = namespace;
  return namespace;
}

/** Creates in a missing namespace get 404, in a terminating one 403 (NamespaceLifecycle). */
export function admitCreateInNamespace(
  ctx: RestContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): void {
  if (!type.namespaced || namespace === undefined) return;
  const ns = ctx.store.get(typeKey(NAMESPACES), undefined, namespace);
  if (!ns) {
    throw new StatusError(404, 'NotFound', `namespaces "${namespace}" not found`, {
      name: namespace,
      kind: 'namespaces',
    });
  }
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
    const subject = name ? `${qualifiedResource(type)} "${name}"` : qualifiedResource(type);
    throw new StatusError(
      403,
      'Forbidden',
      `${subject} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      { name, ...(type.group ? { group: type.group } : {}), kind: type.plural },
    );
  }
}

/** Namespace PrepareForCreate: phase Active and the `kubernetes` finalizer the namespace controller removes. */
export function prepareNamespace(object: KubeObject): void {
  object.spec = { ...(object.spec ?? {}), finalizers: object.spec?.finalizers ?? ['kubernetes'] };
  object.status = { phase: 'Active' };
}
