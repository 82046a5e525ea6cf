// What both endpoint controllers start from: a Service's selected Pods and, per Pod, the ports
// its Service ports resolve to (a named targetPort can resolve differently per Pod, or not at all).
import type { ApiClient } from '../../core/client.ts';
import type { KubeObject } from '../../core/types.ts';
import { findPort, podIP, shouldPodBeInEndpoints } from '../pod-utils.ts';
import { POD } from '../refs.ts';
import { matchesServiceSelector, serviceSelector } from '../selector.ts';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface ResolvedPort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export function isHeadless(service: KubeObject): boolean {
  return service.spec?.clusterIP === 'None';
}

/** Pods in the Service's namespace that its selector picks and that may be endpoints. */
export function selectedPods(
  client: ApiClient,
  service: KubeObject,
  includeTerminating: boolean,
): KubeObject[] {
  const selector = serviceSelector(service);
  if (!selector) return [];
  return client
    .list(POD, service.metadata.namespace)
    .items.filter((pod) => matchesServiceSelector(selector, pod.metadata.labels))
    .filter((pod) => shouldPodBeInEndpoints(pod, includeTerminating))
    .sort(
      (a, b) =>
        compareIP(podIP(a) ?? '', podIP(b) ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
}

/** The Service ports this Pod serves, resolved to its container port numbers. */
export function resolvePorts(service: KubeObject, pod: KubeObject): ResolvedPort[] {
  const ports: ServicePort[] = service.spec?.ports ?? [];
  const resolved: ResolvedPort[] = [];
  for (const servicePort of ports) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue; // "no suitable port for manifest": this port only, this Pod only
    resolved.push({
      name: servicePort.name ?? '',
      port,
      protocol: servicePort.protocol ?? 'TCP',
      ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
    });
  }
  return resolved;
}

/** A key that is equal for equal port sets, whatever their order. */
export function portSetKey(ports: ResolvedPort[]): string {
  return ports
    .map((p) => `${p.name}\u0000${p.port}\u0000${p.protocol}\u0000${p.appProtocol ?? ''}`)
    .sort()
    .join('\u0001');
}

/** `hostname` for a Pod that set spec.hostname and whose spec.subdomain names this Service. */
export function endpointHostname(service: KubeObject, pod: KubeObject): string | undefined {
  const hostname = pod.spec?.hostname;
  return hostname && pod.spec?.subdomain === service.metadata.name ? hostname : undefined;
}

export function podReference(pod: KubeObject) {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

/** Numeric IPv4 order (10.0.0.9 before 10.0.0.10). */
export function compareIP(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Service labels plus the headless marker, as both controllers label what they write. */
export function endpointLabels(service: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata.labels };
  if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}
