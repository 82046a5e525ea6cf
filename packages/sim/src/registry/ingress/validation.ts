// Ingress and IngressClass validation (kube's networking validation.go) with the exact messages.
import type { KubeObject } from '../../core/types.ts';
import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
  tooLong,
} from '../field-errors.ts';
import { GoRepr } from '../go-format.ts';
import type { Json } from '../json.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../metadata.ts';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIP,
  isPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  regexError,
} from '../names.ts';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const MAX_CONTROLLER_LENGTH = 250;

function validateBackend(backend: Json, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = backend?.resource != null;
  const hasService = backend?.service != null;
  if (hasResource && hasService) return [invalid(at, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const ref = backend.resource;
    const r = at.child('resource');
    if (ref.apiGroup != null)
      for (const msg of isDNS1123Subdomain(ref.apiGroup))
        errs.push(invalid(r.child('apiGroup'), ref.apiGroup, msg));
    if (!ref.kind) errs.push(required(r.child('kind')));
    else for (const msg of isPathSegmentName(ref.kind)) errs.push(invalid(r.child('kind'), ref.kind, msg));
    if (!ref.name) errs.push(required(r.child('name')));
    else for (const msg of isPathSegmentName(ref.name)) errs.push(invalid(r.child('name'), ref.name, msg));
    return errs;
  }
  if (!hasService) return [invalid(at, '', 'resource or service backend is required')];
  const svc = backend.service;
  if (!svc.name) errs.push(required(at.child('service', 'name')));
  else
    for (const msg of isDNS1035Label(svc.name))
      errs.push(invalid(at.child('service', 'name'), svc.name, msg));
  const portName: string = svc.port?.name ?? '';
  const portNumber: number = svc.port?.number ?? 0;
  if (portName && portNumber) errs.push(invalid(at, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const msg of isValidPortName(portName))
      errs.push(invalid(at.child('service', 'port', 'name'), portName, msg));
  else if (portNumber)
    for (const msg of isValidPortNum(portNumber))
      errs.push(invalid(at.child('service', 'port', 'number'), portNumber, msg));
  else errs.push(required(at, 'port name or number is required'));
  return errs;
}

function validatePath(p: Json, at: FieldPath): FieldError[] {
  if (p?.pathType == null) return [required(at.child('pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value: string = p.path ?? '';
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/')) errs.push(invalid(at.child('path'), value, 'must be an absolute path'));
      if (value.length > 0) {
        for (const seq of INVALID_PATH_SEQUENCES)
          if (value.includes(seq)) errs.push(invalid(at.child('path'), value, `must not contain '${seq}'`));
        for (const suffix of INVALID_PATH_SUFFIXES)
          if (value.endsWith(suffix))
            errs.push(invalid(at.child('path'), value, `cannot end with '${suffix}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value.length > 0 && !value.startsWith('/'))
        errs.push(invalid(at.child('path'), value, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(at.child('pathType'), String(p.pathType), PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, at.child('backend')));
  return errs;
}

function validateRules(rules: Json[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const host: string = rule?.host ?? '';
    const hostPath = at.index(i).child('host');
    if (host) {
      if (isIP(host)) errs.push(invalid(hostPath, host, 'must be a DNS name, not an IP address'));
      const problems = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const msg of problems) errs.push(invalid(hostPath, host, msg));
    }
    if (rule?.http != null) {
      const http = at.index(i).child('http');
      const paths: Json[] = rule.http.paths ?? [];
      if (paths.length === 0) errs.push(required(http.child('paths')));
      paths.forEach((p, j) => {
        errs.push(...validatePath(p, http.child('paths').index(j)));
      });
    }
  });
  return errs;
}

function validateTLS(tls: Json[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((entry, i) => {
    (entry?.hosts ?? []).forEach((host: string, j: number) => {
      const problems = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const msg of problems) errs.push(invalid(at.index(i).child('hosts').index(j), host, msg));
    });
    const secretName: string = entry?.secretName ?? '';
    if (secretName)
      for (const msg of isDNS1123Subdomain(secretName))
        errs.push(invalid(at.index(i).child('secretName'), secretName, msg));
  });
  return errs;
}

export function validateIngressSpec(spec: Json, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rules: Json[] | undefined = Array.isArray(spec?.rules) ? spec.rules : undefined;
  if ((rules?.length ?? 0) === 0 && spec?.defaultBackend == null) {
    const value = new GoRepr(rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)');
    errs.push(invalid(at, value, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec?.defaultBackend != null)
    errs.push(...validateBackend(spec.defaultBackend, at.child('defaultBackend')));
  if (rules?.length) errs.push(...validateRules(rules, at.child('rules')));
  if (Array.isArray(spec?.tls) && spec.tls.length) errs.push(...validateTLS(spec.tls, at.child('tls')));
  if (spec?.ingressClassName != null) {
    for (const msg of isDNS1123Subdomain(spec.ingressClassName))
      errs.push(invalid(at.child('ingressClassName'), spec.ingressClassName, msg));
  }
  return errs;
}

const INGRESS_META = { namespaced: true, nameRule: 'dns1123-subdomain' } as const;

export function validateIngressCreate(ingress: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ingress.metadata, INGRESS_META, path('metadata'));
  errs.push(...validateIngressSpec(ingress.spec, path('spec')));
  const annotation = ingress.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
  const field = ingress.spec?.ingressClassName;
  // Since v1.27 both may be set, as long as they agree.
  if (annotation !== undefined && field != null && annotation !== field) {
    errs.push(
      invalid(
        path('annotations').child(INGRESS_CLASS_ANNOTATION),
        annotation,
        'must match `ingressClassName` when both are specified',
      ),
    );
  }
  return errs;
}

export function validateIngressUpdate(ingress: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ingress.metadata, old.metadata, path('metadata'));
  errs.push(...validateObjectMeta(ingress.metadata, INGRESS_META, path('metadata')));
  errs.push(...validateIngressSpec(ingress.spec, path('spec')));
  return errs;
}

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

function validateDomainPrefixedPath(at: FieldPath, value: string): FieldError[] {
  const slash = value.indexOf('/');
  const host = slash > 0 ? value.slice(0, slash) : '';
  const rest = slash > 0 ? value.slice(slash + 1) : '';
  if (!host || !rest) return [invalid(at, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((msg) => invalid(at, host, msg));
  if (!new RegExp(`^${HTTP_PATH_FMT}$`).test(rest))
    errs.push(invalid(at, rest, regexError('Invalid path', HTTP_PATH_FMT)));
  return errs;
}

function validateIngressClassSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const controller: string = spec?.controller ?? '';
  const at = path('spec', 'controller');
  if (!controller) errs.push(required(at));
  else {
    if (controller.length > MAX_CONTROLLER_LENGTH) errs.push(tooLong(at, MAX_CONTROLLER_LENGTH));
    errs.push(...validateDomainPrefixedPath(at, controller));
  }
  const params = spec?.parameters;
  if (params != null) {
    const p = path('spec', 'parameters');
    if (params.apiGroup != null)
      for (const msg of isDNS1123Subdomain(params.apiGroup))
        errs.push(invalid(p.child('apiGroup'), params.apiGroup, msg));
    if (!params.kind) errs.push(required(p.child('kind')));
    else
      for (const msg of isPathSegmentName(params.kind)) errs.push(invalid(p.child('kind'), params.kind, msg));
    if (!params.name) errs.push(required(p.child('name')));
    else
      for (const msg of isPathSegmentName(params.name)) errs.push(invalid(p.child('name'), params.name, msg));
    if (params.scope == null) errs.push(required(p.child('scope')));
    else if (!['Cluster', 'Namespace'].includes(params.scope))
      errs.push(notSupported(p.child('scope'), params.scope, ['Cluster', 'Namespace']));
    else if (params.scope === 'Namespace') {
      if (params.namespace == null)
        errs.push(required(p.child('namespace'), "`parameters.scope` is set to 'Namespace'"));
      else
        for (const msg of isDNS1123Label(params.namespace))
          errs.push(invalid(p.child('namespace'), params.namespace, msg));
    } else if (params.namespace != null)
      errs.push(forbidden(p.child('namespace'), "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

const CLASS_META = { namespaced: false, nameRule: 'dns1123-subdomain' } as const;

export function validateIngressClass(cls: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(cls.metadata, CLASS_META, path('metadata')),
    ...validateIngressClassSpec(cls.spec),
  ];
}

export function validateIngressClassUpdate(cls: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(cls.metadata, old.metadata, path('metadata'));
  const controller = cls.spec?.controller ?? '';
  if (controller !== (old.spec?.controller ?? ''))
    errs.push(invalid(path('spec', 'controller'), controller, 'field is immutable'));
  return [...errs, ...validateIngressClass(cls)];
}
