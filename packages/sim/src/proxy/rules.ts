// kube-proxy's rules: which addresses a Service opens (ClusterIP:port, nodeIP:nodePort, load
// balancer IP:port) and the ready backends each one sends connections to.
import type { KubeObject } from '../core/types.ts';
import type { Backend } from './backends.ts';
import type { Balancer } from './balancer.ts';

export type Exposure = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

export interface Rule {
  host: string;
  port: number;
  service: string; // ns/name
  portName: string;
  exposure: Exposure;
}

export interface ServiceRoute {
  /** Backends per Service port name, for internal (ClusterIP) and external (NodePort/LB) traffic. */
  internal: Map<string, Backend[]>;
  external: Map<string, Backend[]>;
  affinityTimeout?: number;
  balancer: Balancer;
}

export function serviceKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
}

export function rulesFor(svc: KubeObject, nodeIP: string): Rule[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const rules: Rule[] = [];
  const key = serviceKey(svc);
  const ips: string[] = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter(
    (ip: string) => ip && ip !== 'None' && ip.includes('.'),
  );
  const lbIPs = ((svc.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string }>).flatMap((i) =>
    i.ip ? [i.ip] : [],
  );
  for (const port of (spec.ports ?? []) as Array<{
    name?: string;
    port: number;
    nodePort?: number;
    protocol?: string;
  }>) {
    if ((port.protocol ?? 'TCP') !== 'TCP') continue;
    const portName = port.name ?? '';
    for (const ip of ips)
      rules.push({ host: ip, port: port.port, service: key, portName, exposure: 'ClusterIP' });
    if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && port.nodePort) {
      rules.push({ host: nodeIP, port: port.nodePort, service: key, portName, exposure: 'NodePort' });
    }
    if (spec.type === 'LoadBalancer') {
      for (const ip of lbIPs)
        rules.push({ host: ip, port: port.port, service: key, portName, exposure: 'LoadBalancer' });
    }
  }
  return rules;
}

/** The ready backends for a rule: the Service's internal traffic policy for ClusterIP, external otherwise. */
export function backendsOf(route: ServiceRoute, rule: Rule): Backend[] {
  const table = rule.exposure === 'ClusterIP' ? route.internal : route.external;
  return table.get(rule.portName) ?? [];
}
