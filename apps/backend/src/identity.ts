// Who this Pod is: the downward-API variables Kubernetes manifests pass in (POD_NAME, POD_IP, ...),
// with the fallbacks a process has when they are missing (its hostname, its own addresses).
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';

export interface PodIdentity {
  name: string;
  namespace: string | null;
  /** null until known: without POD_IP it is settled once the server has bound its address. */
  ip: string | null;
  node: string | null;
}

type Env = Record<string, string | undefined>;

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export function podIdentityFromEnv(env: Env): PodIdentity {
  return {
    // A Pod's hostname is its name, so the hostname is the honest fallback.
    name: value(env.POD_NAME) ?? value(env.HOSTNAME) ?? hostname(),
    namespace: value(env.POD_NAMESPACE) ?? serviceAccountNamespace(),
    ip: value(env.POD_IP) ?? null,
    node: value(env.NODE_NAME) ?? null,
  };
}

/**
 * The Pod IP when POD_IP was not given: the address the server is bound to when it is a specific
 * one (a Pod's network namespace makes "all interfaces" bind the Pod IP), else the first
 * non-internal interface address.
 */
export function fallbackPodIP(boundAddress: string | undefined): string | null {
  if (boundAddress && !['0.0.0.0', '::', '::0'].includes(boundAddress)) return boundAddress;
  const candidates = Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && !entry.internal);
  const v4 = candidates.find((entry) => entry?.family === 'IPv4');
  return (v4 ?? candidates[0])?.address ?? null;
}

function value(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed ? trimmed : undefined;
}

function serviceAccountNamespace(): string | null {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
