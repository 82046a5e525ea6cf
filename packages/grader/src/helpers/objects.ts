// Reading the lab's objects for a check: a missing object is a check failure that names what was
// expected where, not an API error.
import type { KubeObject } from '@workshop/kube';
import type { CheckEnv } from '../env.ts';
import { CheckFailure } from '../failure.ts';

/** The API version the workshop reads each kind through. */
export const API_VERSIONS: Record<string, string> = {
  Service: 'v1',
  Pod: 'v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  Endpoints: 'v1',
  Namespace: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Ingress: 'networking.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  Middleware: 'traefik.io/v1alpha1',
};

export function apiVersionOf(kind: string): string {
  const apiVersion = API_VERSIONS[kind];
  if (!apiVersion) {
    throw new Error(
      `the grader does not know the API version of kind ${kind}; pass one of ${Object.keys(API_VERSIONS).join(', ')}`,
    );
  }
  return apiVersion;
}

export async function getObject<T extends KubeObject = KubeObject>(
  ctx: CheckEnv,
  kind: string,
  name: string,
  namespace = ctx.namespace,
): Promise<T | undefined> {
  return ctx.kube.get<T>({ apiVersion: apiVersionOf(kind), kind, name, namespace });
}

/** The object, or a failure: `expected Service "api-service" in namespace lab-01, found none`. */
export async function requireObject<T extends KubeObject = KubeObject>(
  ctx: CheckEnv,
  kind: string,
  name: string,
  namespace = ctx.namespace,
): Promise<T> {
  const object = await getObject<T>(ctx, kind, name, namespace);
  if (object && !object.metadata.deletionTimestamp) return object;
  const others = (await ctx.kube.list(apiVersionOf(kind), kind, { namespace }).catch(() => []))
    .map((o) => `"${o.metadata.name}"`)
    .filter((n) => n !== `"${name}"`);
  const observed = object
    ? `it is being deleted`
    : others.length
      ? `none; the namespace has ${kind} ${others.join(', ')}`
      : `none`;
  throw new CheckFailure(`expected ${kind} "${name}" in namespace ${namespace}, found ${observed}`, {
    expected: `${kind} "${name}" in namespace ${namespace}`,
    observed,
  });
}

export function podsOfSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function isPodReady(pod: KubeObject): boolean {
  const status = pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined;
  return (
    !pod.metadata.deletionTimestamp &&
    !!status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
  );
}
