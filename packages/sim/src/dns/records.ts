// The cluster DNS's answers, per the Kubernetes DNS specification (kubernetes/dns docs/specification.md):
// Service A records, headless A records from ready endpoints, ExternalName CNAMEs, named-port SRV,
// PTR for ClusterIPs and headless endpoints, Pod A records and the schema version TXT record.
import { CLUSTER_DOMAIN } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';

export const DNS_TTL = 5;
export const DNS_SCHEMA_VERSION = '1.0.1';

export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'TXT' | 'ANY';

export type DnsAnswer =
  | { name: string; type: 'A'; ttl: number; data: string }
  | { name: string; type: 'CNAME' | 'PTR'; ttl: number; data: string }
  | { name: string; type: 'TXT'; ttl: number; data: string }
  | {
      name: string;
      type: 'SRV';
      ttl: number;
      data: { priority: number; weight: number; port: number; target: string };
    };

export interface DnsResult {
  /** NXDOMAIN: the name does not exist; NOERROR with no answers: it exists but has no record of that type. */
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers: DnsAnswer[];
}

/** One entry of an EndpointSlice's `endpoints` (discovery.k8s.io/v1). */
export interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
}

interface HeadlessEndpoint {
  ip: string;
  hostname: string;
  ports: Array<{ name?: string; port: number; protocol: string }>;
}

/** A read-only view of the objects DNS answers from; built from Services and EndpointSlices. */
export class ClusterZone {
  private readonly services = new Map<string, KubeObject>();
  private readonly slicesByService = new Map<string, KubeObject[]>();
  private readonly serviceByClusterIP = new Map<string, KubeObject>();

  constructor(
    services: KubeObject[],
    endpointSlices: KubeObject[],
    readonly zone = CLUSTER_DOMAIN,
  ) {
    for (const svc of services) {
      const ns = svc.metadata.namespace ?? 'default';
      this.services.set(`${ns}/${svc.metadata.name}`, svc);
      for (const ip of clusterIPs(svc)) this.serviceByClusterIP.set(ip, svc);
    }
    for (const slice of endpointSlices) {
      const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!owner) continue;
      const key = `${slice.metadata.namespace ?? 'default'}/${owner}`;
      const list = this.slicesByService.get(key) ?? [];
      list.push(slice);
      this.slicesByService.set(key, list);
    }
  }

  /** Answers one question (`name` absolute, with or without the trailing dot). */
  answer(name: string, type: RecordType): DnsResult {
    const fqdn = name.toLowerCase().replace(/\.$/, '');
    if (fqdn.endsWith('.in-addr.arpa')) return this.reverse(fqdn, type);
    const zone = this.zone;
    if (fqdn === zone) return { rcode: 'NOERROR', answers: [] };
    if (!fqdn.endsWith(`.${zone}`)) return { rcode: 'NXDOMAIN', answers: [] };
    const labels = fqdn.slice(0, -(zone.length + 1)).split('.');
    if (fqdn === `dns-version.${zone}`) {
      return only(type, 'TXT', [{ name: fqdn, type: 'TXT', ttl: DNS_TTL, data: DNS_SCHEMA_VERSION }]);
    }
    // <a-b-c-d>.<ns>.pod.<zone> (answered without checking the Pod, like CoreDNS `pods insecure`).
    if (labels.length === 3 && labels[2] === 'pod') {
      const ip = dashedToIP(labels[0] ?? '');
      if (!ip) return { rcode: 'NXDOMAIN', answers: [] };
      return only(type, 'A', [{ name: fqdn, type: 'A', ttl: DNS_TTL, data: ip }]);
    }
    const svcIndex = labels.lastIndexOf('svc');
    if (svcIndex < 0 || svcIndex !== labels.length - 1) return { rcode: 'NXDOMAIN', answers: [] };
    const parts = labels.slice(0, svcIndex);
    if (parts.length === 1) return { rcode: 'NOERROR', answers: [] }; // <ns>.svc.<zone> is an empty non-terminal
    if (parts.length === 2) return this.serviceRecord(fqdn, parts[1] ?? '', parts[0] ?? '', type);
    if (parts.length === 3)
      return this.endpointRecord(fqdn, parts[2] ?? '', parts[1] ?? '', parts[0] ?? '', type);
    if (parts.length === 4 && parts[0]?.startsWith('_') && parts[1]?.startsWith('_')) {
      return this.srvRecord(fqdn, parts[3] ?? '', parts[2] ?? '', parts[0].slice(1), parts[1].slice(1), type);
    }
    return { rcode: 'NXDOMAIN', answers: [] };
  }

  private serviceRecord(fqdn: string, ns: string, name: string, type: RecordType): DnsResult {
    const svc = this.services.get(`${ns}/${name}`);
    if (!svc) return { rcode: 'NXDOMAIN', answers: [] };
    if (svc.spec?.type === 'ExternalName') {
      const target = String(svc.spec.externalName ?? '')
        .toLowerCase()
        .replace(/\.$/, '');
      const cname: DnsAnswer = { name: fqdn, type: 'CNAME', ttl: DNS_TTL, data: target };
      if (type === 'CNAME' || type === 'ANY') return { rcode: 'NOERROR', answers: [cname] };
      // Follow the alias when it points back into the cluster, as CoreDNS does.
      const chased = target.endsWith(`.${this.zone}`) ? this.answer(target, type).answers : [];
      return { rcode: 'NOERROR', answers: [cname, ...chased] };
    }
    if (isHeadless(svc)) {
      const endpoints = this.headlessEndpoints(svc);
      if (endpoints.length === 0) return { rcode: 'NXDOMAIN', answers: [] };
      return only(
        type,
        'A',
        endpoints.map((e) => ({ name: fqdn, type: 'A' as const, ttl: DNS_TTL, data: e.ip })),
      );
    }
    const ips = clusterIPs(svc).filter((ip) => ip.includes('.'));
    return only(
      type,
      'A',
      ips.map((ip) => ({ name: fqdn, type: 'A' as const, ttl: DNS_TTL, data: ip })),
    );
  }

  private endpointRecord(
    fqdn: string,
    ns: string,
    svcName: string,
    host: string,
    type: RecordType,
  ): DnsResult {
    const svc = this.services.get(`${ns}/${svcName}`);
    if (!svc || !isHeadless(svc)) return { rcode: 'NXDOMAIN', answers: [] };
    const matches = this.headlessEndpoints(svc).filter((e) => e.hostname === host);
    if (matches.length === 0) return { rcode: 'NXDOMAIN', answers: [] };
    return only(
      type,
      'A',
      matches.map((e) => ({ name: fqdn, type: 'A' as const, ttl: DNS_TTL, data: e.ip })),
    );
  }

  private srvRecord(
    fqdn: string,
    ns: string,
    svcName: string,
    port: string,
    proto: string,
    type: RecordType,
  ) {
    const svc = this.services.get(`${ns}/${svcName}`);
    if (!svc || svc.spec?.type === 'ExternalName') return { rcode: 'NXDOMAIN' as const, answers: [] };
    const svcFqdn = `${svcName}.${ns}.svc.${this.zone}`;
    const answers: DnsAnswer[] = [];
    if (isHeadless(svc)) {
      for (const e of this.headlessEndpoints(svc)) {
        for (const p of e.ports) {
          if (p.name === port && p.protocol.toLowerCase() === proto) {
            const target = `${e.hostname}.${svcFqdn}`;
            answers.push({
              name: fqdn,
              type: 'SRV',
              ttl: DNS_TTL,
              data: { priority: 0, weight: 100, port: p.port, target },
            });
          }
        }
      }
    } else {
      for (const p of (svc.spec?.ports ?? []) as Array<{ name?: string; port: number; protocol?: string }>) {
        if (p.name && p.name === port && (p.protocol ?? 'TCP').toLowerCase() === proto) {
          answers.push({
            name: fqdn,
            type: 'SRV',
            ttl: DNS_TTL,
            data: { priority: 0, weight: 100, port: p.port, target: svcFqdn },
          });
        }
      }
    }
    if (answers.length === 0) return { rcode: 'NXDOMAIN' as const, answers: [] };
    return only(type, 'SRV', answers);
  }

  private reverse(fqdn: string, type: RecordType): DnsResult {
    const octets = fqdn.slice(0, -'.in-addr.arpa'.length).split('.').reverse();
    if (octets.length !== 4) return { rcode: 'NXDOMAIN', answers: [] };
    const ip = octets.join('.');
    const svc = this.serviceByClusterIP.get(ip);
    if (svc) {
      const target = `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.${this.zone}`;
      return only(type, 'PTR', [{ name: fqdn, type: 'PTR', ttl: DNS_TTL, data: target }]);
    }
    for (const candidate of this.services.values()) {
      if (!isHeadless(candidate)) continue;
      const hit = this.headlessEndpoints(candidate).find((e) => e.ip === ip);
      if (hit) {
        const target = `${hit.hostname}.${candidate.metadata.name}.${candidate.metadata.namespace ?? 'default'}.svc.${this.zone}`;
        return only(type, 'PTR', [{ name: fqdn, type: 'PTR', ttl: DNS_TTL, data: target }]);
      }
    }
    return { rcode: 'NXDOMAIN', answers: [] };
  }

  private headlessEndpoints(svc: KubeObject): HeadlessEndpoint[] {
    const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
    const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
    const out: HeadlessEndpoint[] = [];
    const seen = new Set<string>();
    for (const slice of this.slicesByService.get(key) ?? []) {
      if (slice.addressType && slice.addressType !== 'IPv4') continue;
      const ports = ((slice.ports ?? []) as Array<{ name?: string; port?: number; protocol?: string }>).map(
        (p) => ({
          name: p.name,
          port: p.port ?? 0,
          protocol: p.protocol ?? 'TCP',
        }),
      );
      for (const endpoint of (slice.endpoints ?? []) as SliceEndpoint[]) {
        // A nil `ready` means true (discovery/v1 API semantics).
        const ready = endpoint.conditions?.ready !== false;
        if (!ready && !publishNotReady) continue;
        for (const ip of (endpoint.addresses ?? []) as string[]) {
          if (seen.has(ip)) continue;
          seen.add(ip);
          out.push({ ip, hostname: endpoint.hostname ?? ip.replaceAll('.', '-'), ports });
        }
      }
    }
    return out;
  }
}

function only(asked: RecordType, has: DnsAnswer['type'], answers: DnsAnswer[]): DnsResult {
  return { rcode: 'NOERROR', answers: asked === has || asked === 'ANY' ? answers : [] };
}

export function isHeadless(svc: KubeObject): boolean {
  return svc.spec?.clusterIP === 'None';
}

export function clusterIPs(svc: KubeObject): string[] {
  const ips: string[] = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => ip && ip !== 'None');
}

function dashedToIP(label: string): string | undefined {
  const parts = label.split('-');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.join('.');
}
