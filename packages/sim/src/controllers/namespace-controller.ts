// The namespace controller: a Namespace being deleted (phase Terminating) has everything in it
// deleted; once nothing is left it removes the `kubernetes` finalizer, which lets the API remove
// the Namespace. Progress shows in the same status conditions `kubectl describe ns` prints.
import type { ApiClient } from '../core/client.ts';
import type { KubeObject, ResourceType } from '../core/types.ts';
import { RESOURCE_TYPES } from '../resources.ts';
import { type Condition, setCondition } from './conditions.ts';
import { inform, keyOf } from './informer.ts';
import { NAMESPACE } from './refs.ts';
import { WorkQueue } from './work-queue.ts';

const SOURCE = 'namespace-controller';
export const NAMESPACE_FINALIZER = 'kubernetes';
/** How often a Terminating namespace is looked at again while content remains (Pods shutting down). */
const RECHECK_MS = 100;

export function startNamespaceController(client: ApiClient): { stop(): Promise<void> } {
  const queue: WorkQueue = new WorkQueue(SOURCE, (key) => syncNamespace(client, queue, key));
  const unwatch = inform(client, NAMESPACE, (event) => {
    if (event.type !== 'DELETED' && event.object.metadata.deletionTimestamp) queue.add(keyOf(event.object));
  });
  return {
    async stop() {
      unwatch();
      await queue.stop();
    },
  };
}

function namespacedTypes(): ResourceType[] {
  return RESOURCE_TYPES.filter((type) => type.namespaced && type.verbs.includes('delete'));
}

function groupResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function syncNamespace(client: ApiClient, queue: WorkQueue, name: string): void {
  const namespace = client.get(NAMESPACE, undefined, name);
  if (!namespace?.metadata.deletionTimestamp) return;
  const remaining: string[] = [];
  const withFinalizers = new Map<string, number>();
  for (const type of namespacedTypes()) {
    const items = client.list(type, name).items;
    for (const item of items) {
      for (const finalizer of item.metadata.finalizers ?? []) {
        withFinalizers.set(finalizer, (withFinalizers.get(finalizer) ?? 0) + 1);
      }
      if (item.metadata.deletionTimestamp) continue;
      client.delete(type, name, item.metadata.name ?? '', {
        preconditionUid: item.metadata.uid,
        propagationPolicy: 'Background',
      });
    }
    const left = client.list(type, name).items.length;
    if (left > 0) remaining.push(`${groupResource(type)} has ${left} resource instances`);
  }
  if (remaining.length > 0) {
    reportProgress(client, namespace, remaining.sort(), withFinalizers);
    queue.addAfter(name, RECHECK_MS);
    return;
  }
  const finalizers: string[] = namespace.spec?.finalizers ?? [];
  if (finalizers.includes(NAMESPACE_FINALIZER)) {
    const fresh = client.get(NAMESPACE, undefined, name) ?? namespace;
    // The real controller PUTs namespaces/{name}/finalize; the ApiClient has no such subresource and
    // the sim's API lets an update that names spec.finalizers change them instead.
    const finalized = client.update(
      { ...fresh, spec: { ...fresh.spec, finalizers: finalizers.filter((f) => f !== NAMESPACE_FINALIZER) } },
      { fieldManager: SOURCE },
    );
    const still = client.get(NAMESPACE, undefined, name);
    if (still && (still.spec?.finalizers ?? []).includes(NAMESPACE_FINALIZER)) {
      throw new Error(
        `Expected the API to drop the "${NAMESPACE_FINALIZER}" finalizer of namespace ${name} through namespaces/${name}/finalize; it kept it (resourceVersion ${finalized.metadata.resourceVersion}). The namespace stays Terminating until the API lets the namespace controller finalize it.`,
      );
    }
  }
  // Like the real controller, delete again: with no finalizers left the API removes the Namespace.
  if (client.get(NAMESPACE, undefined, name)) {
    client.delete(NAMESPACE, undefined, name, { preconditionUid: namespace.metadata.uid });
  }
}

function reportProgress(
  client: ApiClient,
  namespace: KubeObject,
  remaining: string[],
  finalizers: Map<string, number>,
): void {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: now,
  });
  let conditions: Condition[] = namespace.status?.conditions ?? [];
  const finalizerText = [...finalizers.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([finalizer, count]) => `${finalizer} in ${count} resource instances`)
    .join(', ');
  for (const condition of [
    cond(
      'NamespaceDeletionDiscoveryFailure',
      'False',
      'ResourcesDiscovered',
      'All resources successfully discovered',
    ),
    cond(
      'NamespaceDeletionGroupVersionParsingFailure',
      'False',
      'ParsedGroupVersions',
      'All legacy kube types successfully parsed',
    ),
    cond(
      'NamespaceDeletionContentFailure',
      'False',
      'ContentDeleted',
      'All content successfully deleted, may be waiting on finalization',
    ),
    cond(
      'NamespaceContentRemaining',
      'True',
      'SomeResourcesRemain',
      `Some resources are remaining: ${remaining.join(', ')}`,
    ),
    finalizerText
      ? cond(
          'NamespaceFinalizersRemaining',
          'True',
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${finalizerText}`,
        )
      : cond(
          'NamespaceFinalizersRemaining',
          'False',
          'ContentHasNoFinalizers',
          'All content-preserving finalizers finished',
        ),
  ]) {
    conditions = setCondition(conditions, condition);
  }
  if (conditions === namespace.status?.conditions) return;
  client.update(
    { ...namespace, status: { ...namespace.status, conditions } },
    { fieldManager: SOURCE, subresource: 'status' },
  );
}
