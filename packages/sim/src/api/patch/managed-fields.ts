// metadata.managedFields as the field manager keeps it: one entry per manager, operation
// (Apply | Update), apiVersion (Update only) and subresource; each entry's FieldsV1 set.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../core/types.ts';
import { type FieldPath, FieldSet } from './fields/field-set.ts';

export type Operation = 'Apply' | 'Update';

export interface Manager {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

/** Managers keyed by identity: Update managers per apiVersion, Apply managers whatever version. */
export type Managers = Map<string, Manager>;

export function managerKey(
  manager: string,
  operation: Operation,
  apiVersion: string,
  subresource?: string,
): string {
  return JSON.stringify([manager, operation, operation === 'Update' ? apiVersion : '', subresource ?? '']);
}

/** `"kubectl-client-side-apply" using v1`, `"kubectl"`: how the API server names a manager in a conflict. */
export function describeManager(entry: Manager): string {
  let out = JSON.stringify(entry.manager);
  if (entry.subresource) out += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') out += ` using ${entry.apiVersion}`;
  return out;
}

// Fields no manager owns: the object's identity and what the server maintains (fieldmanager's stripMeta).
const STRIPPED: FieldPath[] = [
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((field) => ['f:metadata', `f:${field}`]),
];
const STRIP_SET = FieldSet.fromPaths(STRIPPED);

export function stripServerFields(set: FieldSet): FieldSet {
  return set.difference(STRIP_SET);
}

interface RawEntry {
  manager?: unknown;
  operation?: unknown;
  apiVersion?: unknown;
  time?: unknown;
  fieldsType?: unknown;
  fieldsV1?: unknown;
  subresource?: unknown;
}

/** Reads metadata.managedFields; throws on an entry the API server would refuse to decode. */
export function decodeManagers(entries: unknown): Managers {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new Error('metadata.managedFields must be a list');
  for (const raw of entries as RawEntry[]) {
    if (raw === null || typeof raw !== 'object') throw new Error('a managedFields entry must be an object');
    if (raw.operation !== 'Apply' && raw.operation !== 'Update') {
      throw new Error(
        `managedFields operation must be Apply or Update, found ${JSON.stringify(raw.operation)}`,
      );
    }
    if (raw.fieldsType !== undefined && raw.fieldsType !== 'FieldsV1') {
      throw new Error(`managedFields fieldsType must be FieldsV1, found ${JSON.stringify(raw.fieldsType)}`);
    }
    const entry: Manager = {
      manager: typeof raw.manager === 'string' ? raw.manager : '',
      operation: raw.operation,
      apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : '',
      ...(typeof raw.time === 'string' ? { time: raw.time } : {}),
      ...(typeof raw.subresource === 'string' && raw.subresource ? { subresource: raw.subresource } : {}),
      fields: FieldSet.fromFieldsV1(raw.fieldsV1 ?? {}),
    };
    const key = managerKey(entry.manager, entry.operation, entry.apiVersion, entry.subresource);
    const previous = out.get(key);
    out.set(key, previous ? { ...entry, fields: previous.fields.union(entry.fields) } : entry);
  }
  return out;
}

/** The stored form, ordered as the API server sorts it: operation, time, manager, apiVersion, subresource. */
export function encodeManagers(managers: Managers): Record<string, unknown>[] {
  const entries = [...managers.values()].filter((m) => !m.fields.isEmpty());
  entries.sort(
    (a, b) =>
      cmp(a.operation, b.operation) ||
      cmp(a.time ?? '', b.time ?? '') ||
      cmp(a.manager, b.manager) ||
      cmp(a.apiVersion, b.apiVersion) ||
      cmp(a.subresource ?? '', b.subresource ?? ''),
  );
  return entries.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: m.fields.toFieldsV1(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RFC 3339 with seconds precision, as metav1.Time serialises. */
export function nowTime(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

/** The object without the parts no field set covers, for "did this write change anything". */
export function withoutManagedFields(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  delete copy.metadata.managedFields;
  delete copy.metadata.resourceVersion;
  return copy;
}

export function sameObject(a: KubeObject, b: KubeObject): boolean {
  return isDeepStrictEqual(withoutManagedFields(a), withoutManagedFields(b));
}
