// ValidateService / ValidateServiceUpdate in the API server's order, with its exact messages.
import type { KubeObject } from '../../core/types.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../field-errors.ts';
import { GoRepr, goQuote } from '../go-format.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../metadata.ts';
import {
  IP_ERROR,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIP,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  parseIPv4,
} from '../names.ts';
import { validateClusterIPsRelatedFields, validateClusterIPsUpdate } from './cluster-ips.ts';
import { externallyAccessible, isHeadless, needsHealthCheck, portsOf, type ServicePort } from './helpers.ts';

const META = { namespaced: true, nameRule: 'dns1035-label' } as const;
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const MAX_CLIENT_IP_TIMEOUT = 86400;
const CIDR_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** targetPort, probe ports: a number in range or an IANA service name. */
export function validatePortNumOrName(value: unknown, at: ReturnType<typeof path>): FieldError[] {
  if (typeof value === 'string') return isValidPortName(value).map((msg) => invalid(at, value, msg));
  const n = typeof value === 'number' ? value : 0;
  return isValidPortNum(n).map((msg) => invalid(at, n, msg));
}

function validateServicePort(
  port: ServicePort,
  requireName: boolean,
  names: Set<string>,
  at: ReturnType<typeof path>,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && name === '') errs.push(required(at.child('name')));
  else if (name !== '') {
    for (const msg of isDNS1123Label(name)) errs.push(invalid(at.child('name'), name, msg));
    if (names.has(name)) errs.push(duplicate(at.child('name'), name));
    else names.add(name);
  }
  for (const msg of isValidPortNum(port.port ?? 0)) errs.push(invalid(at.child('port'), port.port ?? 0, msg));
  if (!port.protocol) errs.push(required(at.child('protocol')));
  else if (!PROTOCOLS.includes(port.protocol))
    errs.push(notSupported(at.child('protocol'), port.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(port.targetPort, at.child('targetPort')));
  if (port.appProtocol != null) {
    for (const msg of isQualifiedName(port.appProtocol))
      errs.push(invalid(at.child('appProtocol'), port.appProtocol, msg));
  }
  return errs;
}

function isValidCIDR(value: string): boolean {
  const [ip, bits, extra] = value.split('/');
  if (extra !== undefined || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  return parseIPv4(ip) !== undefined ? Number(bits) <= 32 : isIP(ip) && Number(bits) <= 128;
}

function nonSpecialIPProblems(ip: string): string[] {
  const value = parseIPv4(ip);
  if (value === undefined) return [];
  if (value === 0) return ['may not be unspecified (0.0.0.0)'];
  if (value >>> 24 === 127) return ['may not be in the loopback range (127.0.0.0/8, ::1/128)'];
  if (value >>> 16 === 0xa9fe) return ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'];
  if (value >>> 8 === 0xe00000)
    return ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'];
  return [];
}

/** The Go value of a duplicate (protocol, port) key, as `%#v` prints the internal struct. */
function servicePortKey(protocol: string, port: number): GoRepr {
  return new GoRepr(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

export function validateService(svc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, META, path('metadata'));
  const spec = svc.spec ?? {};
  const ports = portsOf(svc);
  const headless = isHeadless(svc);
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName')
    errs.push(required(path('spec', 'ports')));
  const clusterIPs: string[] = spec.clusterIPs ?? [];
  if (spec.type === 'LoadBalancer' && headless) {
    errs.push(
      invalid(
        path('spec', 'clusterIPs').index(0),
        clusterIPs[0] ?? '',
        "may not be set to 'None' for LoadBalancer services",
      ),
    );
  } else if (spec.type === 'NodePort' && headless) {
    errs.push(
      invalid(
        path('spec', 'clusterIPs').index(0),
        clusterIPs[0] ?? '',
        "may not be set to 'None' for NodePort services",
      ),
    );
  } else if (spec.type === 'ExternalName') {
    if (clusterIPs.length > 0)
      errs.push(forbidden(path('spec', 'clusterIPs'), 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0)
      errs.push(forbidden(path('spec', 'ipFamilies'), 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy != null)
      errs.push(forbidden(path('spec', 'ipFamilyPolicy'), 'may not be set for ExternalName services'));
    // The CNAME may end with a dot to mark it fully qualified.
    const cname = String(spec.externalName ?? '').replace(/\.$/, '');
    if (cname)
      for (const msg of isDNS1123Subdomain(cname))
        errs.push(invalid(path('spec', 'externalName'), cname, msg));
    else errs.push(required(path('spec', 'externalName')));
  }
  const names = new Set<string>();
  for (const [i, port] of ports.entries()) {
    errs.push(...validateServicePort(port, ports.length > 1, names, path('spec', 'ports').index(i)));
  }
  if (spec.selector != null) errs.push(...validateLabels(spec.selector, path('spec', 'selector')));
  if (!spec.sessionAffinity) errs.push(required(path('spec', 'sessionAffinity')));
  else if (!AFFINITIES.includes(spec.sessionAffinity))
    errs.push(notSupported(path('spec', 'sessionAffinity'), spec.sessionAffinity, AFFINITIES));
  const affinity = path('spec', 'sessionAffinityConfig');
  if (spec.sessionAffinity === 'ClientIP') {
    const config = spec.sessionAffinityConfig;
    const when = 'when session affinity type is ClientIP';
    if (config == null) errs.push(required(affinity, when));
    else if (config.clientIP == null) errs.push(required(affinity.child('clientIP'), when));
    else if (config.clientIP.timeoutSeconds == null)
      errs.push(required(affinity.child('clientIP', 'timeoutSeconds'), when));
    else {
      const t = config.clientIP.timeoutSeconds;
      if (t <= 0 || t > MAX_CLIENT_IP_TIMEOUT) {
        errs.push(
          invalid(
            affinity.child('clientIP', 'timeoutSeconds'),
            t,
            `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT}`,
          ),
        );
      }
    }
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig != null) {
    errs.push(forbidden(affinity, 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPsRelatedFields(svc));
  (spec.externalIPs ?? []).forEach((ip: string, i: number) => {
    const at = path('spec', 'externalIPs').index(i);
    if (!isIP(ip)) errs.push(invalid(at, ip, IP_ERROR));
    else for (const msg of nonSpecialIPProblems(ip)) errs.push(invalid(at, ip, msg));
  });
  if (!spec.type) errs.push(required(path('spec', 'type')));
  else if (!TYPES.includes(spec.type)) errs.push(notSupported(path('spec', 'type'), spec.type, TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (port.nodePort)
        errs.push(
          forbidden(
            path('spec', 'ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!port.nodePort) return;
    const key = `${port.protocol}/${port.nodePort}`;
    if (nodePorts.has(key))
      errs.push(duplicate(path('spec', 'ports').index(i).child('nodePort'), port.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((port, i) => {
    const key = `${port.protocol}/${port.port ?? 0}`;
    if (portKeys.has(key))
      errs.push(
        duplicate(path('spec', 'ports').index(i), servicePortKey(port.protocol ?? '', port.port ?? 0)),
      );
    portKeys.add(key);
  });
  errs.push(...validateSourceRanges(svc));
  if (spec.allocateLoadBalancerNodePorts != null && spec.type !== 'LoadBalancer') {
    errs.push(
      forbidden(
        path('spec', 'allocateLoadBalancerNodePorts'),
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  // Defaulting sets it for LoadBalancers; the missing `spec.` prefix is the API server's own.
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null)
    errs.push(required(path('allocateLoadBalancerNodePorts')));
  errs.push(...validateLoadBalancerClass(svc));
  errs.push(...validateTrafficPolicies(svc));
  return errs;
}

function validateSourceRanges(svc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec ?? {};
  const ranges: string[] = spec.loadBalancerSourceRanges ?? [];
  const annotationKey = 'service.beta.kubernetes.io/load-balancer-source-ranges';
  const annotation = svc.metadata?.annotations?.[annotationKey];
  if (ranges.length > 0) {
    const at = path('spec', 'LoadBalancerSourceRanges'); // capital L: the API server's own path
    if (spec.type !== 'LoadBalancer')
      errs.push(forbidden(at, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((raw, i) => {
      const value = String(raw).trim();
      if (!isValidCIDR(value)) errs.push(invalid(at.index(i), value, CIDR_ERROR));
    });
  } else if (annotation !== undefined) {
    const at = path('metadata', 'annotations').key(annotationKey);
    if (spec.type !== 'LoadBalancer')
      errs.push(forbidden(at, "may only be used when `type` is 'LoadBalancer'"));
    const trimmed = annotation.trim();
    if (trimmed)
      for (const part of trimmed.split(','))
        if (!isValidCIDR(part.trim())) errs.push(invalid(at, part.trim(), CIDR_ERROR));
  }
  return errs;
}

function validateLoadBalancerClass(svc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const cls = svc.spec?.loadBalancerClass;
  const at = path('spec', 'loadBalancerClass');
  if (svc.spec?.type === 'LoadBalancer') {
    if (cls != null) for (const msg of isQualifiedName(cls)) errs.push(invalid(at, cls, msg));
  } else if (cls != null) {
    errs.push(forbidden(at, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateTrafficPolicies(svc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec ?? {};
  const etp = path('spec', 'externalTrafficPolicy');
  if (!externallyAccessible(svc)) {
    if (spec.externalTrafficPolicy)
      errs.push(
        invalid(etp, spec.externalTrafficPolicy, 'may only be set for externally-accessible services'),
      );
  } else if (!spec.externalTrafficPolicy) errs.push(required(etp));
  else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy))
    errs.push(notSupported(etp, spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  const hc = path('spec', 'healthCheckNodePort');
  if (!needsHealthCheck(svc)) {
    if (spec.healthCheckNodePort) {
      errs.push(
        invalid(
          hc,
          spec.healthCheckNodePort,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (!spec.healthCheckNodePort) errs.push(required(hc));
  else
    for (const msg of isValidPortNum(spec.healthCheckNodePort))
      errs.push(invalid(hc, spec.healthCheckNodePort, msg));
  const itp = path('spec', 'internalTrafficPolicy');
  if (spec.internalTrafficPolicy == null) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) errs.push(required(itp));
  } else if (!TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    errs.push(notSupported(itp, spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.trafficDistribution != null && spec.trafficDistribution !== 'PreferClose') {
    errs.push(notSupported(path('spec', 'trafficDistribution'), spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata, path('metadata'));
  errs.push(...validateClusterIPsUpdate(svc, old));
  const bothLB = old.spec?.type === 'LoadBalancer' && svc.spec?.type === 'LoadBalancer';
  if (bothLB && (old.spec?.loadBalancerClass ?? null) !== (svc.spec?.loadBalancerClass ?? null)) {
    errs.push(
      invalid(
        path('spec', 'loadBalancerClass'),
        svc.spec?.loadBalancerClass ?? null,
        'may not change once set',
      ),
    );
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(svc) &&
    old.spec?.healthCheckNodePort !== svc.spec?.healthCheckNodePort
  ) {
    errs.push(forbidden(path('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  // Like the API server, metadata is checked twice; the aggregate prints repeated lines once.
  return [...errs, ...validateService(svc)];
}
