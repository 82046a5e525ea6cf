// SetDefaults_PodSpec / _Container / _Probe: the values a Pod spec (or a workload's Pod template)
// gets at decode time, so the sim's Pods look like a real API server's.
import type { Json } from '../json.ts';

/** `Always` for `:latest` or an untagged image, else `IfNotPresent` (a digest counts as pinned). */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > lastSlash ? image.slice(colon + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Json): void {
  if (probe == null || typeof probe !== 'object') return;
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  if (probe.httpGet) {
    if (!probe.httpGet.path) probe.httpGet.path = '/';
    if (!probe.httpGet.scheme) probe.httpGet.scheme = 'HTTP';
  }
}

export function defaultContainer(container: Json): void {
  if (container == null || typeof container !== 'object') return;
  if (!container.imagePullPolicy) {
    // An image reference that does not parse (e.g. a missing image) has no tag: IfNotPresent.
    container.imagePullPolicy =
      typeof container.image === 'string' && container.image
        ? defaultPullPolicy(container.image)
        : 'IfNotPresent';
  }
  if (!container.terminationMessagePath) container.terminationMessagePath = '/dev/termination-log';
  if (!container.terminationMessagePolicy) container.terminationMessagePolicy = 'File';
  for (const port of Array.isArray(container.ports) ? container.ports : [])
    if (port && !port.protocol) port.protocol = 'TCP';
  for (const env of Array.isArray(container.env) ? container.env : []) {
    if (env?.valueFrom?.fieldRef && !env.valueFrom.fieldRef.apiVersion)
      env.valueFrom.fieldRef.apiVersion = 'v1';
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  container.resources ??= {};
}

export function defaultPodSpec(spec: Json): void {
  if (spec == null || typeof spec !== 'object') return;
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (spec.terminationGracePeriodSeconds == null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c);
  for (const volume of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (volume?.configMap && volume.configMap.defaultMode == null) volume.configMap.defaultMode = 420;
    if (volume?.secret && volume.secret.defaultMode == null) volume.secret.defaultMode = 420;
  }
}

/** SetDefaults_Pod: on a Pod (not a template) requests default to limits. */
export function defaultPod(pod: Json): void {
  pod.spec ??= {};
  defaultPodSpec(pod.spec);
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    const limits = c?.resources?.limits;
    if (limits && typeof limits === 'object') {
      c.resources.requests ??= {};
      for (const [name, value] of Object.entries(limits)) c.resources.requests[name] ??= value;
    }
  }
}

/** Admission the API server applies to new Pods: ServiceAccount, Priority, DefaultTolerationSeconds. */
export function admitPod(pod: Json): void {
  pod.spec ??= {};
  const spec = pod.spec;
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.priority == null && !spec.priorityClassName) spec.priority = 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations: Json[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const present = tolerations.some(
      (t) =>
        (t?.key === key || (t?.operator === 'Exists' && !t?.key)) && (!t?.effect || t.effect === 'NoExecute'),
    );
    if (!present) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}

/** The QoS class a new Pod's status reports. */
export function qosClass(spec: Json): string {
  const containers: Json[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c?.resources?.requests ?? {};
    const limits = c?.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const resource of ['cpu', 'memory']) {
      if (
        limits[resource] == null ||
        (requests[resource] != null && String(requests[resource]) !== String(limits[resource]))
      )
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
