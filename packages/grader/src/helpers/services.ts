// Proofs about a Service that several labs share: its type, one of its ports, the container port a
// targetPort lands on, and that it selects exactly the ready replicas of a Deployment.
import type { CheckEnv } from '../env.ts';
import { fail, listText } from '../failure.ts';
import { expectReadyEndpoints } from './endpoints.ts';
import { requireObject } from './objects.ts';
import { expectServiceSelects } from './selection.ts';
import { backendPods } from './traffic.ts';

export interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

/** Fails unless the Service exists with this type (a Service without spec.type is a ClusterIP). */
export async function expectServiceType(ctx: CheckEnv, service: string, type: string): Promise<void> {
  const object = await requireObject(ctx, 'Service', service);
  const actual = (object.spec as { type?: string } | undefined)?.type ?? 'ClusterIP';
  if (actual !== type) fail(`Service "${service}" of type ${type}`, `type ${actual}`);
}

/** The Service's ports (none when it has no spec.ports). */
export async function servicePorts(ctx: CheckEnv, service: string): Promise<ServicePort[]> {
  const object = await requireObject(ctx, 'Service', service);
  return (object.spec as { ports?: ServicePort[] } | undefined)?.ports ?? [];
}

/** The Service's entry for `port`, or a failure listing the ports it does offer. */
export async function servicePort(ctx: CheckEnv, service: string, port: number): Promise<ServicePort> {
  const ports = await servicePorts(ctx, service);
  const found = ports.find((p) => p.port === port);
  if (!found) {
    fail(`Service "${service}" to offer port ${port}`, `ports ${listText(ports.map((p) => String(p.port)))}`);
  }
  return found;
}

type Containers = Array<{ ports?: Array<{ name?: string; containerPort?: number }> }>;

/**
 * The container port a Service targetPort lands on in a Deployment's Pods: a number is itself, a
 * name is looked up in the Pod template's container ports (undefined when no port has that name).
 */
export async function containerPort(
  ctx: CheckEnv,
  deployment: string,
  target: number | string,
): Promise<number | undefined> {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const object = await requireObject(ctx, 'Deployment', deployment);
  const containers =
    (object.spec as { template?: { spec?: { containers?: Containers } } } | undefined)?.template?.spec
      ?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
}

/** The Service selects the Deployment's Pods, `replicas` of them are ready, and they are its endpoints. */
export async function expectSelectsReplicas(
  ctx: CheckEnv,
  service: string,
  deployment: string,
  replicas: number,
): Promise<string[]> {
  await expectServiceSelects(ctx, service, { deployment });
  const pods = await backendPods(ctx, deployment);
  if (pods.length !== replicas) {
    fail(`${replicas} ready Pods of Deployment "${deployment}"`, `${pods.length} (${listText(pods)})`);
  }
  await expectReadyEndpoints(ctx, service, { pods });
  return pods;
}
