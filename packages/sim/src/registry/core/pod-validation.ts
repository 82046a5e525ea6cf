// Pod spec validation (kube's ValidatePodSpec and validateContainers), the subset the workshop's
// manifests can reach: volumes, containers and init containers (names, images, ports, env, probes,
// pull policy), restart and DNS policies, node selector, service account, hostname and subdomain.
import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../field-errors.ts';
import type { Json } from '../json.ts';
import { validateLabels } from '../metadata.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../names.ts';
import { validatePortNumOrName } from '../service/validation.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];
const SCHEMES = ['HTTP', 'HTTPS'];
const NEGATIVE = 'must be greater than or equal to 0';
const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

function validateVolumes(volumes: Json[], at: FieldPath): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  volumes.forEach((vol, i) => {
    const idx = at.index(i);
    const el: FieldError[] = [];
    const sources = VOLUME_SOURCES.filter((s) => vol?.[s] != null);
    if (sources.length === 0) el.push(required(idx, 'must specify a volume type'));
    for (const extra of sources.slice(1))
      el.push(forbidden(idx.child(extra), 'may not specify more than 1 volume type'));
    const name: string = vol?.name ?? '';
    if (!name) el.push(required(idx.child('name')));
    else for (const msg of isDNS1123Label(name)) el.push(invalid(idx.child('name'), name, msg));
    if (names.has(name)) el.push(duplicate(idx.child('name'), name));
    if (el.length === 0) names.add(name);
    errs.push(...el);
  });
  return { names, errs };
}

function validateContainerPorts(ports: Json[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const idx = at.index(i);
    const name: string = port?.name ?? '';
    if (name) {
      const problems = isValidPortName(name);
      for (const msg of problems) errs.push(invalid(idx.child('name'), name, msg));
      if (problems.length === 0) {
        if (names.has(name)) errs.push(duplicate(idx.child('name'), name));
        else names.add(name);
      }
    }
    if (!port?.containerPort) errs.push(required(idx.child('containerPort')));
    else
      for (const msg of isValidPortNum(port.containerPort))
        errs.push(invalid(idx.child('containerPort'), port.containerPort, msg));
    if (port?.hostPort)
      for (const msg of isValidPortNum(port.hostPort))
        errs.push(invalid(idx.child('hostPort'), port.hostPort, msg));
    if (!port?.protocol) errs.push(required(idx.child('protocol')));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(idx.child('protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateProbe(probe: Json, at: FieldPath, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  if (probe == null) return [];
  const errs: FieldError[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] != null);
  if (handlers.length === 0) errs.push(required(at, 'must specify a handler type'));
  for (const extra of handlers.slice(1))
    errs.push(forbidden(at.child(extra), 'may not specify more than 1 handler type'));
  const handler = handlers[0];
  if (handler === 'exec' && !(probe.exec.command?.length > 0))
    errs.push(required(at.child('exec', 'command')));
  if (handler === 'httpGet') {
    const get = probe.httpGet;
    if (!get.path) errs.push(required(at.child('httpGet', 'path')));
    errs.push(...validatePortNumOrName(get.port, at.child('httpGet', 'port')));
    if (!SCHEMES.includes(get.scheme))
      errs.push(notSupported(at.child('httpGet', 'scheme'), String(get.scheme ?? ''), SCHEMES));
  }
  if (handler === 'tcpSocket')
    errs.push(...validatePortNumOrName(probe.tcpSocket.port, at.child('tcpSocket', 'port')));
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    const value = probe[field] ?? 0;
    if (value < 0) errs.push(invalid(at.child(field), value, NEGATIVE));
  }
  if (kind !== 'readiness' && probe.successThreshold != null && probe.successThreshold !== 1) {
    errs.push(invalid(at.child('successThreshold'), probe.successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds != null) {
    errs.push(
      invalid(
        at.child('terminationGracePeriodSeconds'),
        probe.terminationGracePeriodSeconds,
        'must not be set for readinessProbes',
      ),
    );
  }
  return errs;
}

function validateContainerCommon(c: Json, at: FieldPath, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name: string = c?.name ?? '';
  if (!name) errs.push(required(at.child('name')));
  else for (const msg of isDNS1123Label(name)) errs.push(invalid(at.child('name'), name, msg));
  if (!c?.image) errs.push(required(at.child('image')));
  const policy = c?.terminationMessagePolicy;
  if (!policy) errs.push(required(at.child('terminationMessagePolicy')));
  else if (!MESSAGE_POLICIES.includes(policy))
    errs.push(notSupported(at.child('terminationMessagePolicy'), policy, MESSAGE_POLICIES));
  errs.push(...validateContainerPorts(Array.isArray(c?.ports) ? c.ports : [], at.child('ports')));
  (Array.isArray(c?.env) ? c.env : []).forEach((env: Json, i: number) => {
    const envPath = at.child('env').index(i);
    if (!env?.name) errs.push(required(envPath.child('name')));
    else if (/[=]/.test(env.name) || !/^[\x20-\x7e]+$/.test(env.name)) {
      errs.push(
        invalid(
          envPath.child('name'),
          env.name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
  });
  (Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).forEach((mount: Json, i: number) => {
    const mountPath = at.child('volumeMounts').index(i);
    if (!mount?.name) errs.push(required(mountPath.child('name')));
    else if (!volumes.has(mount.name))
      errs.push({
        type: 'FieldValueNotFound',
        field: String(mountPath.child('name')),
        value: mount.name,
        detail: '',
      });
    if (!mount?.mountPath) errs.push(required(mountPath.child('mountPath')));
  });
  if (c?.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(notSupported(at.child('imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
  } else if (!c?.imagePullPolicy) errs.push(required(at.child('imagePullPolicy')));
  return errs;
}

function validateContainers(
  containers: Json[],
  at: FieldPath,
  volumes: Set<string>,
  names: Set<string>,
  init: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!init && containers.length === 0) errs.push(required(at));
  containers.forEach((c, i) => {
    const idx = at.index(i);
    errs.push(...validateContainerCommon(c, idx, volumes));
    const name: string = c?.name ?? '';
    if (names.has(name)) errs.push(duplicate(idx.child('name'), name));
    else names.add(name);
    if (!init) {
      errs.push(...validateProbe(c?.livenessProbe, idx.child('livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c?.readinessProbe, idx.child('readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c?.startupProbe, idx.child('startupProbe'), 'startup'));
    }
  });
  return errs;
}

export function validatePodSpec(spec: Json, at: FieldPath): FieldError[] {
  const { names: volumes, errs } = validateVolumes(
    Array.isArray(spec?.volumes) ? spec.volumes : [],
    at.child('volumes'),
  );
  const containerNames = new Set<string>();
  errs.push(
    ...validateContainers(
      Array.isArray(spec?.containers) ? spec.containers : [],
      at.child('containers'),
      volumes,
      containerNames,
      false,
    ),
  );
  errs.push(
    ...validateContainers(
      Array.isArray(spec?.initContainers) ? spec.initContainers : [],
      at.child('initContainers'),
      volumes,
      new Set(),
      true,
    ),
  );
  const restart = spec?.restartPolicy;
  if (!restart) errs.push(required(at.child('restartPolicy')));
  else if (!RESTART_POLICIES.includes(restart))
    errs.push(notSupported(at.child('restartPolicy'), restart, RESTART_POLICIES));
  const dns = spec?.dnsPolicy;
  if (!dns) errs.push(required(at.child('dnsPolicy')));
  else if (!DNS_POLICIES.includes(dns)) errs.push(notSupported(at.child('dnsPolicy'), dns, DNS_POLICIES));
  errs.push(...validateLabels(spec?.nodeSelector, at.child('nodeSelector')));
  if (spec?.serviceAccountName) {
    for (const msg of isDNS1123Subdomain(spec.serviceAccountName))
      errs.push(invalid(at.child('serviceAccountName'), spec.serviceAccountName, msg));
  }
  if (spec?.nodeName)
    for (const msg of isDNS1123Subdomain(spec.nodeName))
      errs.push(invalid(at.child('nodeName'), spec.nodeName, msg));
  if (spec?.activeDeadlineSeconds != null && spec.activeDeadlineSeconds <= 0) {
    errs.push(
      invalid(
        at.child('activeDeadlineSeconds'),
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }
  if (spec?.hostname)
    for (const msg of isDNS1123Label(spec.hostname))
      errs.push(invalid(at.child('hostname'), spec.hostname, msg));
  if (spec?.subdomain)
    for (const msg of isDNS1123Label(spec.subdomain))
      errs.push(invalid(at.child('subdomain'), spec.subdomain, msg));
  return errs;
}
