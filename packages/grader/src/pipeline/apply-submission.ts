// Puts a submission into the lab's namespaces, replacing what was there before: objects are labelled
// as submitted by `lab grade`; objects the submission no longer has (of the lab's allowed kinds, with
// that label) are deleted; an object someone else applied under the same name (kubectl, lab solution)
// is replaced rather than merged, so no stale field survives; so is one of ours whose new version
// changes a field the API server keeps immutable.
import { KubeApiError, type KubeClient, type KubeObject, sortForApply } from '@workshop/kube';
import { locate, type ManifestObject } from '@workshop/manifests';
import { API_VERSIONS } from '../helpers/objects.ts';

export const SUBMITTED_LABEL = 'workshop.dev/submitted-by';
export const SUBMITTED_VALUE = 'lab-grade';
const FIELD_MANAGER = 'lab-grade';

export interface ApplyTarget {
  kube: KubeClient;
  /** lab.yaml's namespaces; the first is where objects without a namespace go. */
  labNamespaces: string[];
  mapNamespace(labNamespace: string): string;
  mapImage(reference: string): string;
  /** Kinds the lab lets a submission create (lab.yaml policy.allowedKinds): the ones pruned. */
  allowedKinds: string[];
}

export class ApplyRejected extends Error {
  override readonly name = 'ApplyRejected';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly col: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type PodSpec = { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> };

/** The object as it will be applied: namespace and images mapped for the runtime, labelled as ours. */
export function toKubeObject(source: ManifestObject, target: ApplyTarget): KubeObject {
  const object = structuredClone(source.value) as KubeObject;
  object.metadata ??= {};
  const ns = object.metadata.namespace;
  if (object.kind !== 'Namespace') {
    object.metadata.namespace =
      ns && target.labNamespaces.includes(ns)
        ? target.mapNamespace(ns)
        : (ns ?? target.mapNamespace(target.labNamespaces[0] ?? 'default'));
  }
  object.metadata.labels = { ...(object.metadata.labels ?? {}), [SUBMITTED_LABEL]: SUBMITTED_VALUE };
  const spec = object.spec as ({ template?: { spec?: PodSpec } } & PodSpec) | undefined;
  const podSpec = object.kind === 'Pod' ? spec : spec?.template?.spec;
  for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
    if (c.image) c.image = target.mapImage(c.image);
  }
  return object;
}

/** `spec.ports[0].nodePort` → ['spec', 'ports', 0, 'nodePort'] */
function parseFieldPath(field: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return path;
    if (m[1]) path.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  return path;
}

function rejection(error: unknown, source: ManifestObject, shown: string): ApplyRejected {
  const message = error instanceof Error ? error.message : String(error);
  const field =
    error instanceof KubeApiError ? error.status?.details?.causes?.find((c) => c.field)?.field : undefined;
  let where = { line: 1, col: 1 };
  try {
    where = locate(source, field ? parseFieldPath(field) : [], 'value');
  } catch {
    // no source position: point at the file's start
  }
  return new ApplyRejected(message, shown, where.line, where.col, { cause: error });
}

/** The API server's 422 for an update that changes an immutable field. */
function isImmutableFieldChange(error: unknown): boolean {
  return error instanceof KubeApiError && /field is immutable/.test(error.message);
}

function key(o: { kind: string; metadata: { namespace?: string; name?: string } }): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export interface ApplySummary {
  applied: Array<{ ref: string; action: string }>;
  deleted: string[];
  objects: KubeObject[];
}

export async function applySubmission(
  sources: ManifestObject[],
  target: ApplyTarget,
  show: (file: string) => string,
): Promise<ApplySummary> {
  const pairs = sources.map((source) => ({ source, object: toKubeObject(source, target) }));
  const ordered = sortForApply(pairs.map((p) => ({ ...p, kind: p.object.kind })));
  const applied: ApplySummary['applied'] = [];
  for (const { source, object } of ordered) {
    const ref = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name ?? '',
      namespace: object.metadata.namespace,
    };
    try {
      const existing = await target.kube.get(ref);
      if (existing && existing.metadata.labels?.[SUBMITTED_LABEL] !== SUBMITTED_VALUE) {
        // Applied by someone else (kubectl, `lab solution`): replace it, so none of its fields linger.
        await target.kube.delete(ref);
        await target.kube.waitForDeletion(ref, { timeoutMs: 60_000 });
      }
      let result: Awaited<ReturnType<KubeClient['apply']>>[number] | undefined;
      try {
        [result] = await target.kube.apply([object], { fieldManager: FIELD_MANAGER, force: true });
      } catch (error) {
        // An earlier submission of ours set a field that cannot change (a Secret's type, a Service's
        // clusterIP): this submission is the whole new state, so the object is created again.
        if (!existing || !isImmutableFieldChange(error)) throw error;
        await target.kube.delete(ref);
        await target.kube.waitForDeletion(ref, { timeoutMs: 60_000 });
        [result] = await target.kube.apply([object], { fieldManager: FIELD_MANAGER, force: true });
      }
      applied.push({ ref: result?.ref ?? key(object), action: result?.action ?? 'applied' });
    } catch (error) {
      throw rejection(error, source, show(source.file));
    }
  }
  const deleted = await prune(
    pairs.map((p) => p.object),
    target,
  );
  return { applied, deleted, objects: pairs.map((p) => p.object) };
}

/** Deletes what an earlier `lab grade` applied and this submission no longer has. */
async function prune(objects: KubeObject[], target: ApplyTarget): Promise<string[]> {
  const keep = new Set(objects.map(key));
  const deleted: string[] = [];
  for (const labNs of target.labNamespaces) {
    const namespace = target.mapNamespace(labNs);
    for (const kind of target.allowedKinds) {
      const apiVersion = API_VERSIONS[kind];
      if (!apiVersion) continue;
      const found = await target.kube
        .list(apiVersion, kind, { namespace, labelSelector: `${SUBMITTED_LABEL}=${SUBMITTED_VALUE}` })
        .catch(() => []);
      for (const o of found) {
        if (keep.has(key(o))) continue;
        await target.kube.delete({ apiVersion, kind, name: o.metadata.name ?? '', namespace });
        deleted.push(`${kind} ${namespace}/${o.metadata.name}`);
      }
    }
  }
  return deleted;
}
