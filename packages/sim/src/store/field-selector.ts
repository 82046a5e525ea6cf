// Field selectors (`metadata.name=web,spec.nodeName!=`), limited per kind to the fields the real
// API server indexes; anything else is the server's 400 `field label not supported`.
import { badRequest, type KubeObject } from '../core/types.ts';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const COMMON = ['metadata.name', 'metadata.namespace'];

/** Per-kind selectable fields (from the kinds' GetAttrs / field label conversion functions). */
const SUPPORTED: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  ReplicaSet: ['status.replicas'],
  Service: ['spec.clusterIP', 'spec.type'],
};

export function parseFieldSelector(raw: string | undefined, kind: string): FieldRequirement[] {
  if (!raw || raw.trim() === '') return [];
  const allowed = [...COMMON, ...(SUPPORTED[kind] ?? [])];
  return raw
    .split(',')
    .filter((p) => p.trim() !== '')
    .map((part) => {
      const match = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
      if (!match) throw badRequest(`invalid selector: '${raw}'; can't understand '${part}'`);
      const field = match[1] ?? '';
      if (!allowed.includes(field)) throw badRequest(`field label not supported: ${field}`);
      return { field, op: match[2] === '!=' ? '!=' : '=', value: match[3] ?? '' };
    });
}

function fieldValue(object: KubeObject, field: string): string {
  if (field === 'source') return String(object.source?.component ?? '');
  let current: unknown = object;
  for (const segment of field.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined || current === null ? '' : String(current);
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every((req) => {
    const value = fieldValue(object, req.field);
    return req.op === '=' ? value === req.value : value !== req.value;
  });
}
