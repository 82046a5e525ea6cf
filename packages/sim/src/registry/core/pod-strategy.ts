// The Pod strategy: defaults and admission for new Pods, Pending status on create, validation, and
// the update rule that only lets a few spec fields change.
import type { ResourceStrategy } from '../../core/strategy.ts';
import type { KubeObject } from '../../core/types.ts';
import { type FieldError, forbidden, path, toInvalid } from '../field-errors.ts';
import type { Json } from '../json.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../metadata.ts';
import { unknownFields } from '../strict-decode.ts';
import { admitPod, defaultPod, qosClass } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';

const META = { namespaced: true, nameRule: 'dns1123-subdomain' } as const;

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

export function validatePod(pod: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(pod.metadata, META, path('metadata')),
    ...validatePodSpec(pod.spec, path('spec')),
  ];
}

/** The spec with the fields an update may change masked to their old values. */
function maskMutable(spec: Json, old: Json): Json {
  const masked = structuredClone(spec ?? {});
  const oldContainers: Json[] = old?.containers ?? [];
  const oldInit: Json[] = old?.initContainers ?? [];
  (masked.containers ?? []).forEach((c: Json, i: number) => {
    if (oldContainers[i]) c.image = oldContainers[i].image;
  });
  (masked.initContainers ?? []).forEach((c: Json, i: number) => {
    if (oldInit[i]) c.image = oldInit[i].image;
  });
  masked.activeDeadlineSeconds = old?.activeDeadlineSeconds;
  // Tolerations may only grow: keep the new list if it starts with the old one.
  const oldTolerations: Json[] = old?.tolerations ?? [];
  const newTolerations: Json[] = masked.tolerations ?? [];
  if (JSON.stringify(newTolerations.slice(0, oldTolerations.length)) === JSON.stringify(oldTolerations))
    masked.tolerations = old?.tolerations;
  if ((old?.terminationGracePeriodSeconds ?? 0) < 0 && masked.terminationGracePeriodSeconds === 1) {
    masked.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  // The sim's scheduler binds by writing nodeName once (the real one uses pods/binding).
  if (!old?.nodeName && masked.nodeName) masked.nodeName = old?.nodeName;
  return masked;
}

function stable(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, path('metadata'));
  errs.push(...validatePod(pod));
  // The API server appends a diff of the two specs to this message; the sim leaves it out.
  if (stable(maskMutable(pod.spec, old.spec)) !== stable(old.spec ?? {}))
    errs.push(forbidden(path('spec'), POD_UPDATE_FORBIDDEN));
  return errs;
}

export function podStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default: defaultPod,
    admit(pod) {
      if (!pod.metadata.uid) admitPod(pod); // admission plugins act on create only
    },
    prepareForCreate(pod) {
      pod.status = { phase: 'Pending', qosClass: qosClass(pod.spec) };
    },
    validateCreate: (pod) => toInvalid('Pod', '', pod.metadata.name ?? '', validatePod(pod)),
    validateUpdate: (pod, old) => toInvalid('Pod', '', pod.metadata.name ?? '', validatePodUpdate(pod, old)),
  };
}
