// Shared by the server-side apply tests: a lab Service, objects as an apply would store them.
import type { KubeObject, StatusError } from '../../core/types.ts';
import { recordManagedFields } from './record.ts';

/** The FieldsV1 element of Service port 80/TCP. */
export const PORT_80 = 'k:{"port":80,"protocol":"TCP"}';

export function service(ports: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api-service', namespace: 'lab-01', ...extra },
    spec: { selector: { app: 'api' }, ports },
  };
}

/** What the API server stores when `manager` creates `config` with server-side apply. */
export function createdByApply(config: KubeObject, manager: string, stored: KubeObject = config): KubeObject {
  const object = structuredClone(stored);
  recordManagedFields(object, { manager, operation: 'Apply', hasStatus: true, requested: config });
  return object;
}

export function entry(
  object: KubeObject,
  manager: string,
): { fieldsV1: unknown; operation: string } | undefined {
  return (
    object.metadata.managedFields as Array<{ manager: string; fieldsV1: unknown; operation: string }>
  ).find((e) => e.manager === manager);
}

export function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (error) {
    return error as StatusError;
  }
  throw new Error('expected a StatusError, nothing was thrown');
}
