// A container's environment as the kubelet builds it: envFrom first, then env (later wins), with
// the downward API (fieldRef), ConfigMap/Secret key references and $(VAR) expansion.
import type { ApiClient } from '../core/client.ts';
import type { KubeObject } from '../core/types.ts';

/** The container cannot be configured (kubelet waiting reason CreateContainerConfigError). */
export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: { resource: string; containerName?: string };
  };
}

interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' } as const;
const SECRET = { apiVersion: 'v1', kind: 'Secret' } as const;

/** The value of a downward-API fieldPath, or an error naming the supported ones. */
export function fieldPathValue(pod: KubeObject, fieldPath: string): string {
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (label)
    return (
      (pod.metadata[label[1] as 'labels' | 'annotations'] as Record<string, string> | undefined)?.[
        label[2] as string
      ] ?? ''
    );
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return ((pod.status?.podIPs ?? []) as Array<{ ip: string }>).map((p) => p.ip).join(',');
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return ((pod.status?.hostIPs ?? []) as Array<{ ip: string }>).map((p) => p.ip).join(',');
    default:
      throw new ContainerConfigError(`unsupported fieldPath "${fieldPath}" in the downward API`);
  }
}

function decodeSecret(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((secret.data ?? {}) as Record<string, string>)) {
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  for (const [key, value] of Object.entries((secret.stringData ?? {}) as Record<string, string>))
    out[key] = value;
  return out;
}

function configMapData(cm: KubeObject): Record<string, string> {
  const out: Record<string, string> = { ...((cm.data ?? {}) as Record<string, string>) };
  for (const [key, value] of Object.entries((cm.binaryData ?? {}) as Record<string, string>)) {
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

/** Expands `$(NAME)` from earlier variables; `$$` escapes; unknown references stay as written. */
export function expandReferences(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && name in env ? (env[name] as string) : match;
  });
}

export function containerEnv(
  client: Pick<ApiClient, 'get'>,
  pod: KubeObject,
  container: { name: string; env?: EnvVar[]; envFrom?: EnvFromSource[] },
): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const kind = source.configMapRef ? 'configmap' : 'secret';
    const object = client.get(source.configMapRef ? CONFIG_MAP : SECRET, ns, ref.name);
    if (!object) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind} "${ref.name}" not found`);
    }
    const data = source.configMapRef ? configMapData(object) : decodeSecret(object);
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env[variable.name] = expandReferences(variable.value ?? '', env);
      continue;
    }
    if (from.fieldRef) {
      env[variable.name] = fieldPathValue(pod, from.fieldRef.fieldPath);
    } else if (from.configMapKeyRef || from.secretKeyRef) {
      const ref = (from.configMapKeyRef ?? from.secretKeyRef) as {
        name: string;
        key: string;
        optional?: boolean;
      };
      const kind = from.configMapKeyRef ? 'configmap' : 'secret';
      const object = client.get(from.configMapKeyRef ? CONFIG_MAP : SECRET, ns, ref.name);
      if (!object) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`${kind} "${ref.name}" not found`);
      }
      const data = from.configMapKeyRef ? configMapData(object) : decodeSecret(object);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        throw new ContainerConfigError(
          `couldn't find key ${ref.key} in ${kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}`,
        );
      }
      env[variable.name] = data[ref.key] as string;
    } else if (from.resourceFieldRef) {
      // Without limits the kubelet reports node allocatable; the sim has no resource accounting.
      env[variable.name] = from.resourceFieldRef.resource.startsWith('limits.cpu') ? '1' : '0';
    }
  }
  return env;
}
