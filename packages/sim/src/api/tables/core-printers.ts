// Table rows for core/v1 kinds, after kubectl's pkg/printers/internalversion/printers.go.
import type { KubeObject } from '../../core/types.ts';
import { AGE, type ColumnDefinition, column, NAME } from './columns.ts';
import { age, firstFew, formatMap, objectAge, orNone } from './format.ts';

export interface Printer {
  columns: ColumnDefinition[];
  cells(object: KubeObject): unknown[];
}

function podStatusAndRestarts(pod: KubeObject): { reason: string; ready: string; restarts: string } {
  const status = pod.status ?? {};
  const total = (pod.spec?.containers ?? []).length;
  let reason: string = status.reason || status.phase || 'Pending';
  let restarts = 0;
  let readyCount = 0;
  let lastRestart: number | undefined;
  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (const [i, s] of inits.entries()) {
    restarts += s.restartCount ?? 0;
    if (s.state?.terminated?.exitCode === 0) continue;
    if (s.state?.terminated)
      reason = `Init:${s.state.terminated.reason || `ExitCode:${s.state.terminated.exitCode}`}`;
    else if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${(pod.spec?.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = [...(status.containerStatuses ?? [])].reverse();
    for (const s of statuses) {
      restarts += s.restartCount ?? 0;
      const finished = s.lastState?.terminated?.finishedAt;
      if (finished) lastRestart = Math.max(lastRestart ?? 0, Date.parse(finished));
      if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state?.terminated) {
        reason = s.state.terminated.signal
          ? `Signal:${s.state.terminated.signal}`
          : `ExitCode:${s.state.terminated.exitCode}`;
      } else if (s.ready && s.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some(
        (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
      );
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartText =
    lastRestart !== undefined
      ? `${restarts} (${age(new Date(lastRestart).toISOString())} ago)`
      : String(restarts);
  return { reason, ready: `${readyCount}/${total}`, restarts: restartText };
}

export const podPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'string', 0, '', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 0, '', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      0,
      '',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE,
    column(
      'IP',
      'string',
      1,
      '',
      'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    ),
    column('Node', 'string', 1, '', 'NodeName is a request to schedule this pod onto a specific node.'),
    column(
      'Nominated Node',
      'string',
      1,
      '',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
    ),
    column(
      'Readiness Gates',
      'string',
      1,
      '',
      'If specified, all readiness gates will be evaluated for pod readiness.',
    ),
  ],
  cells(pod) {
    const { reason, ready, restarts } = podStatusAndRestarts(pod);
    const gates = pod.spec?.readinessGates ?? [];
    const gateText =
      gates.length === 0
        ? '<none>'
        : `${gates.filter((g: { conditionType: string }) => (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
    return [
      pod.metadata.name,
      ready,
      reason,
      restarts,
      objectAge(pod),
      orNone(pod.status?.podIP),
      orNone(pod.spec?.nodeName),
      orNone(pod.status?.nominatedNodeName),
      gateText,
    ];
  },
};

function serviceExternalIP(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'LoadBalancer': {
      const lb = (svc.status?.loadBalancer?.ingress ?? []).map(
        (i: { ip?: string; hostname?: string }) => i.ip || i.hostname || '',
      );
      const all = [...lb, ...external].filter((x) => x !== '');
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return external.length > 0 ? external.join(',') : '<none>';
  }
}

function servicePorts(svc: KubeObject): string {
  const ports = (svc.spec?.ports ?? []) as Array<{ port: number; nodePort?: number; protocol?: string }>;
  if (ports.length === 0) return '<none>';
  return ports
    .map((p) =>
      p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'string', 0, '', 'The type of the service.'),
    column('Cluster-IP', 'string', 0, '', 'The IP address of the service.'),
    column('External-IP', 'string', 0, '', 'The external IP addresses of the service.'),
    column('Port(s)', 'string', 0, '', 'The ports exposed by the service.'),
    AGE,
    column(
      'Selector',
      'string',
      1,
      '',
      'Route service traffic to pods with label keys and values matching this selector.',
    ),
  ],
  cells: (svc) => [
    svc.metadata.name,
    svc.spec?.type ?? 'ClusterIP',
    orNone(svc.spec?.clusterIP),
    serviceExternalIP(svc),
    servicePorts(svc),
    objectAge(svc),
    formatMap(svc.spec?.selector),
  ],
};

export const endpointsPrinter: Printer = {
  columns: [NAME, column('Endpoints', 'string', 0, '', 'Endpoints of the service.'), AGE],
  cells(ep) {
    const list: string[] = [];
    for (const subset of ep.subsets ?? []) {
      const addresses = (subset.addresses ?? []).map((a: { ip: string }) => a.ip);
      const ports = subset.ports ?? [];
      if (ports.length === 0) list.push(...addresses);
      for (const port of ports) for (const ip of addresses) list.push(`${ip}:${port.port}`);
    }
    return [ep.metadata.name, firstFew(list), objectAge(ep)];
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME, column('Status', 'string', 0, '', 'The status of the namespace.'), AGE],
  cells: (ns) => [ns.metadata.name, ns.status?.phase ?? 'Active', objectAge(ns)],
};

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 0, '', 'Time when last Event occurred.'),
    column(
      'Type',
      'string',
      0,
      '',
      'Type of this event (Normal, Warning), new types could be added in the future.',
    ),
    column('Reason', 'string', 0, '', 'This should be a short, machine understandable string.'),
    column('Object', 'string', 0, '', 'The object that this event is about.'),
    column('Subobject', 'string', 1, '', 'The subobject of the involved object.'),
    column('Source', 'string', 1, '', 'The component reporting this event.'),
    column('Message', 'string', 0, '', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 1, '', 'The time at which the event was first recorded.'),
    column('Count', 'string', 1, '', 'The number of times this event has occurred.'),
    column('Name', 'string', 1, 'name', 'Name must be unique within a namespace.'),
  ],
  cells(ev) {
    const first = ev.firstTimestamp ?? ev.eventTime;
    const last = ev.lastTimestamp ?? ev.eventTime ?? first;
    const count = ev.count ?? 1;
    const lastSeen = count > 1 ? `${age(last)} (x${count} over ${age(first)})` : age(last);
    const source = ev.source?.component
      ? `${ev.source.component}${ev.source.host ? `, ${ev.source.host}` : ''}`
      : (ev.reportingComponent ?? '');
    return [
      lastSeen,
      ev.type ?? '',
      ev.reason ?? '',
      `${String(ev.involvedObject?.kind ?? '').toLowerCase()}/${ev.involvedObject?.name ?? ''}`,
      ev.involvedObject?.fieldPath ?? '',
      source,
      String(ev.message ?? '').trim(),
      age(first),
      count,
      ev.metadata.name,
    ];
  },
};

export const secretPrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'string', 0, '', 'The type of the secret'),
    column('Data', 'string', 0, '', 'The number of entries in the secret'),
    AGE,
  ],
  cells: (s) => [s.metadata.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, objectAge(s)],
};

export const configMapPrinter: Printer = {
  columns: [NAME, column('Data', 'string', 0, '', 'The number of entries in the configmap'), AGE],
  cells: (c) => [
    c.metadata.name,
    Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
    objectAge(c),
  ],
};

export const serviceAccountPrinter: Printer = {
  columns: [
    NAME,
    column(
      'Secrets',
      'string',
      0,
      '',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    AGE,
  ],
  cells: (sa) => [sa.metadata.name, (sa.secrets ?? []).length, objectAge(sa)],
};

export const nodePrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 0, '', 'The status of the node'),
    column('Roles', 'string', 0, '', 'The roles of the node'),
    AGE,
    column('Version', 'string', 0, '', 'Kubelet Version reported by the node.'),
    column(
      'Internal-IP',
      'string',
      1,
      '',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
    ),
    column(
      'External-IP',
      'string',
      1,
      '',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
    ),
    column(
      'OS-Image',
      'string',
      1,
      '',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
    ),
    column(
      'Kernel-Version',
      'string',
      1,
      '',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    ),
    column(
      'Container-Runtime',
      'string',
      1,
      '',
      'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
    ),
  ],
  cells(node) {
    const ready = (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
    let status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
    if (node.spec?.unschedulable) status += ',SchedulingDisabled';
    const roles = Object.keys(node.metadata.labels ?? {})
      .filter((l) => l.startsWith('node-role.kubernetes.io/'))
      .map((l) => l.slice('node-role.kubernetes.io/'.length))
      .sort();
    const address = (type: string) =>
      orNone((node.status?.addresses ?? []).find((a: { type: string }) => a.type === type)?.address);
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      status,
      roles.length > 0 ? roles.join(',') : '<none>',
      objectAge(node),
      info.kubeletVersion ?? '',
      address('InternalIP'),
      address('ExternalIP'),
      orNone(info.osImage),
      orNone(info.kernelVersion),
      orNone(info.containerRuntimeVersion),
    ];
  },
};
