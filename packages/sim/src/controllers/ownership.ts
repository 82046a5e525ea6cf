// ControllerRefManager: a controller claims the objects its selector matches. It keeps the ones it
// controls that still match, adopts matching orphans and releases controlled objects that no longer
// match (so `kubectl label pod x app-` takes a Pod out of its ReplicaSet, which then replaces it).
import type { ApiClient } from '../core/client.ts';
import type { KubeObject } from '../core/types.ts';
import { controllerRef, controllerReferenceTo } from './pod-utils.ts';

export function claimObjects(
  client: ApiClient,
  owner: KubeObject,
  candidates: KubeObject[],
  matches: (object: KubeObject) => boolean,
  fieldManager: string,
): KubeObject[] {
  const claimed: KubeObject[] = [];
  const ownerUid = owner.metadata.uid;
  const ownerDeleting = Boolean(owner.metadata.deletionTimestamp);
  for (const candidate of candidates) {
    const reference = controllerRef(candidate);
    if (reference) {
      if (reference.uid !== ownerUid) continue; // another controller's
      if (matches(candidate)) {
        claimed.push(candidate);
      } else if (!ownerDeleting && !candidate.metadata.deletionTimestamp) {
        client.update(
          {
            ...candidate,
            metadata: {
              ...candidate.metadata,
              ownerReferences: (candidate.metadata.ownerReferences ?? []).filter(
                (ref) => ref.uid !== ownerUid,
              ),
            },
          },
          { fieldManager },
        );
      }
      continue;
    }
    if (ownerDeleting || candidate.metadata.deletionTimestamp || !matches(candidate)) continue;
    const adopted = client.update(
      {
        ...candidate,
        metadata: {
          ...candidate.metadata,
          ownerReferences: [...(candidate.metadata.ownerReferences ?? []), controllerReferenceTo(owner)],
        },
      },
      { fieldManager },
    );
    claimed.push(adopted);
  }
  return claimed;
}

/** Queue keys of the objects that control `object` and are of `kind`. */
export function controllerKey(object: KubeObject, kind: string): string | undefined {
  const reference = controllerRef(object);
  if (!reference || reference.kind !== kind) return undefined;
  return `${object.metadata.namespace}/${reference.name}`;
}
