// Predicates over Service specs shared by defaulting, allocation and validation
// (kube's pkg/api/service/util.go and the service strategy's needs* helpers).
import type { KubeObject } from '../../core/types.ts';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  [key: string]: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a Service spec is free JSON until validated
export const specOf = (svc: KubeObject): Record<string, any> => (svc.spec ??= {});
export const portsOf = (svc: KubeObject): ServicePort[] =>
  Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];

export function externallyAccessible(svc: KubeObject): boolean {
  const type = svc.spec?.type;
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && (svc.spec?.externalIPs?.length ?? 0) > 0)
  );
}

export const needsClusterIP = (svc: KubeObject): boolean => svc.spec?.type !== 'ExternalName';
export const needsNodePort = (svc: KubeObject): boolean =>
  svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
export const needsHealthCheck = (svc: KubeObject): boolean =>
  svc.spec?.type === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local';

/** NodePort Services always get nodePorts; LoadBalancers unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(svc: KubeObject): boolean {
  if (svc.spec?.type === 'NodePort') return true;
  if (svc.spec?.type === 'LoadBalancer') return svc.spec?.allocateLoadBalancerNodePorts !== false;
  return false;
}

export function isHeadless(svc: KubeObject): boolean {
  const ips = svc.spec?.clusterIPs;
  return Array.isArray(ips) && ips.length === 1 && ips[0] === 'None';
}

/** The allocated virtual IPs (not `None`). */
export function allocatedClusterIPs(svc: KubeObject): string[] {
  if (!needsClusterIP(svc)) return [];
  const ips: unknown[] = Array.isArray(svc.spec?.clusterIPs)
    ? svc.spec.clusterIPs
    : svc.spec?.clusterIP
      ? [svc.spec.clusterIP]
      : [];
  return ips.filter((ip): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None');
}

/** Every node port the Service holds, including the health-check port. */
export function heldNodePorts(svc: KubeObject): number[] {
  const ports = portsOf(svc)
    .map((p) => p.nodePort)
    .filter((n): n is number => typeof n === 'number' && n !== 0);
  const hc = svc.spec?.healthCheckNodePort;
  if (typeof hc === 'number' && hc !== 0) ports.push(hc);
  return [...new Set(ports)];
}

/** Sync `clusterIP` and `clusterIPs` (kube's NormalizeClusterIPs). */
export function normalizeClusterIPs(svc: KubeObject, old?: KubeObject): void {
  const spec = specOf(svc);
  const has = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0;
  if (!old) {
    if (spec.clusterIP && !has(spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldSpec = old.spec ?? {};
  // An old client that only knows clusterIP dropped clusterIPs: take them back if clusterIP is unchanged.
  if (
    has(oldSpec.clusterIPs) &&
    !has(spec.clusterIPs) &&
    (oldSpec.clusterIP ?? '') === (spec.clusterIP ?? '')
  ) {
    spec.clusterIPs = [...oldSpec.clusterIPs];
  }
  // clusterIP changed while clusterIPs did not: the client meant to change the primary.
  if (
    spec.clusterIP &&
    (oldSpec.clusterIP ?? '') !== spec.clusterIP &&
    sameList(oldSpec.clusterIPs, spec.clusterIPs)
  ) {
    spec.clusterIPs = [spec.clusterIP];
  }
  if (spec.clusterIP && !has(spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
}

export function sameList(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** A write that omits values the server allocated keeps them (kube's patchAllocatedValues). */
export function patchAllocatedValues(svc: KubeObject, old: KubeObject): void {
  const spec = specOf(svc);
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (
      !(Array.isArray(spec.clusterIPs) && spec.clusterIPs.length) &&
      Array.isArray(oldSpec.clusterIPs) &&
      oldSpec.clusterIPs.length
    ) {
      spec.clusterIPs = [...oldSpec.clusterIPs];
    }
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const newUsed = new Set(portsOf(svc).map((p) => p.nodePort));
    const used = new Set(
      portsOf(old)
        .map((p) => p.nodePort)
        .filter((n) => newUsed.has(n)),
    );
    const byName = new Map(portsOf(old).map((p) => [p.name ?? '', p.nodePort]));
    for (const port of portsOf(svc)) {
      if (!port.nodePort) {
        const previous = byName.get(port.name ?? '');
        if (previous && !used.has(previous)) port.nodePort = previous;
      }
    }
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(svc) &&
    !spec.healthCheckNodePort &&
    oldSpec.healthCheckNodePort
  ) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (spec.ipFamilyPolicy === undefined && oldSpec.ipFamilyPolicy !== undefined)
      spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
    if (spec.ipFamilies === undefined && oldSpec.ipFamilies !== undefined)
      spec.ipFamilies = [...oldSpec.ipFamilies];
  }
}

/** Wipes fields a type change made meaningless, unless the user changed them too (dropTypeDependentFields). */
export function dropTypeDependentFields(svc: KubeObject, old: KubeObject): void {
  const spec = specOf(svc);
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (
      (oldSpec.clusterIP ?? '') === (spec.clusterIP ?? '') &&
      sameList(oldSpec.clusterIPs, spec.clusterIPs)
    ) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(oldSpec.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (oldSpec.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    const oldPorts = portsOf(old).map((p) => p.nodePort ?? 0);
    const newPorts = portsOf(svc).map((p) => p.nodePort ?? 0);
    if (sameList(oldPorts, newPorts)) for (const port of portsOf(svc)) delete port.nodePort;
  }
  if (
    needsHealthCheck(old) &&
    !needsHealthCheck(svc) &&
    oldSpec.healthCheckNodePort === spec.healthCheckNodePort
  ) {
    delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass === oldSpec.loadBalancerClass)
      delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(old) &&
    !externallyAccessible(svc) &&
    spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && svc.status) svc.status.loadBalancer = {};
}
