// Endpoints and EndpointSlices: the basic shape checks (addresses are IPs, ports are valid, names
// are labels) and the EndpointSlice port defaults. Written by the sim's controllers and by learners
// who create manual endpoints for selector-less Services.
import type { ResourceStrategy } from '../../core/strategy.ts';
import type { KubeObject } from '../../core/types.ts';
import {
  duplicate,
  type FieldError,
  invalid,
  notSupported,
  path,
  required,
  toInvalid,
  tooMany,
} from '../field-errors.ts';
import type { Json } from '../json.ts';
import { validateObjectMeta } from '../metadata.ts';
import { IP_ERROR, isDNS1123Label, isIP, isIPv6, isValidPortNum, parseIPv4 } from '../names.ts';
import { unknownFields } from '../strict-decode.ts';

const META = { namespaced: true, nameRule: 'dns1123-subdomain' } as const;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function validatePorts(ports: Json[], at: ReturnType<typeof path>, requireName: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = at.index(i);
    const name: string = port?.name ?? '';
    if (requireName && !name) errs.push(required(p.child('name')));
    if (name) {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(p.child('name'), name, msg));
      if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      names.add(name);
    }
    for (const msg of isValidPortNum(port?.port ?? 0))
      errs.push(invalid(p.child('port'), port?.port ?? 0, msg));
    if (!port?.protocol) errs.push(required(p.child('protocol')));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(p.child('protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

export function validateEndpoints(ep: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, META, path('metadata'));
  (ep.subsets ?? []).forEach((subset: Json, i: number) => {
    const s = path('subsets').index(i);
    for (const list of ['addresses', 'notReadyAddresses']) {
      (subset?.[list] ?? []).forEach((address: Json, j: number) => {
        const ip: string = address?.ip ?? '';
        if (!isIP(ip)) errs.push(invalid(s.child(list).index(j).child('ip'), ip, IP_ERROR));
      });
    }
    errs.push(...validatePorts(subset?.ports ?? [], s.child('ports'), (subset?.ports ?? []).length > 1));
  });
  return errs;
}

export function validateEndpointSlice(slice: KubeObject): FieldError[] {
  const errs = validateObjectMeta(slice.metadata, META, path('metadata'));
  const type = slice.addressType;
  if (!type) errs.push(required(path('addressType')));
  else if (!ADDRESS_TYPES.includes(type)) errs.push(notSupported(path('addressType'), type, ADDRESS_TYPES));
  const endpoints: Json[] = slice.endpoints ?? [];
  if (endpoints.length > 1000) errs.push(tooMany(path('endpoints'), endpoints.length, 1000));
  endpoints.forEach((endpoint, i) => {
    const e = path('endpoints').index(i);
    const addresses: string[] = endpoint?.addresses ?? [];
    if (addresses.length === 0) errs.push(required(e.child('addresses'), 'must contain at least 1 address'));
    else if (addresses.length > 100) errs.push(tooMany(e.child('addresses'), addresses.length, 100));
    addresses.forEach((address, j) => {
      const a = e.child('addresses').index(j);
      if (type === 'IPv4' && parseIPv4(address) === undefined)
        errs.push(invalid(a, address, 'must be a valid IPv4 address'));
      if (type === 'IPv6' && !isIPv6(address)) errs.push(invalid(a, address, 'must be a valid IPv6 address'));
    });
  });
  errs.push(
    ...validatePorts(
      (slice.ports ?? []).map((p: Json) => ({ ...p, port: p?.port ?? 1 })),
      path('ports'),
      false,
    ),
  );
  return errs;
}

export function endpointsStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default(ep) {
      for (const subset of ep.subsets ?? [])
        for (const port of subset?.ports ?? []) if (port && !port.protocol) port.protocol = 'TCP';
    },
    validateCreate: (ep) => toInvalid('Endpoints', '', ep.metadata.name ?? '', validateEndpoints(ep)),
    validateUpdate: (ep) => toInvalid('Endpoints', '', ep.metadata.name ?? '', validateEndpoints(ep)),
  };
}

export function endpointSliceStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default(slice) {
      for (const port of slice.ports ?? []) {
        if (!port) continue;
        port.name ??= '';
        port.protocol ??= 'TCP';
      }
    },
    validateCreate: (s) =>
      toInvalid('EndpointSlice', 'discovery.k8s.io', s.metadata.name ?? '', validateEndpointSlice(s)),
    validateUpdate: (s) =>
      toInvalid('EndpointSlice', 'discovery.k8s.io', s.metadata.name ?? '', validateEndpointSlice(s)),
  };
}
