// Proofs about a Service that several labs' graders share: its type, one of its ports, and that it
// selects exactly the ready replicas of a Deployment. Each fails with expected vs observed.
import { fail, type GradingContext, listText } from '@workshop/grader';

export interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

/** Fails unless the Service exists with this type (a Service without spec.type is a ClusterIP). */
export async function expectServiceType(ctx: GradingContext, service: string, type: string): Promise<void> {
  const object = await ctx.require('Service', service);
  const actual = (object.spec as { type?: string } | undefined)?.type ?? 'ClusterIP';
  if (actual !== type) fail(`Service "${service}" of type ${type}`, `type ${actual}`);
}

/** The Service's entry for `port`, or a failure listing the ports it does offer. */
export async function servicePort(ctx: GradingContext, service: string, port: number): Promise<ServicePort> {
  const object = await ctx.require('Service', service);
  const ports = (object.spec as { ports?: ServicePort[] } | undefined)?.ports ?? [];
  const found = ports.find((p) => p.port === port);
  if (!found) {
    fail(`Service "${service}" to offer port ${port}`, `ports ${listText(ports.map((p) => String(p.port)))}`);
  }
  return found;
}

/** The Service selects the Deployment's Pods, there are `replicas` of them ready, and they are its endpoints. */
export async function expectSelectsReplicas(
  ctx: GradingContext,
  service: string,
  deployment: string,
  replicas: number,
): Promise<void> {
  await ctx.expectServiceSelects(service, { deployment });
  const pods = await ctx.backendPods(deployment);
  if (pods.length !== replicas) {
    fail(`${replicas} ready Pods of Deployment "${deployment}"`, `${pods.length} (${listText(pods)})`);
  }
  await ctx.expectReadyEndpoints(service, { pods });
}
