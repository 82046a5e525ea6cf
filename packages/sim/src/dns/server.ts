// The cluster DNS server (the sim's CoreDNS): answers from the Services and EndpointSlices it watches
// through the ApiClient, in the DNS wire format over UDP and TCP, authoritative for the cluster zone
// and forwarding other A/AAAA questions to the host's resolver (like CoreDNS' `forward . /etc/resolv.conf`).
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { inform } from '../controllers/informer.ts';
import type { ApiClient, Unsubscribe } from '../core/client.ts';
import { CLUSTER_DOMAIN } from '../core/network.ts';
import type { VirtualNetwork } from '../core/virtual-network.ts';
import { ClusterZone, type DnsAnswer, type DnsResult, type RecordType } from './records.ts';
import { inClusterZone } from './search.ts';

const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
const ENDPOINT_SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4 } as const;
const SUPPORTED = new Set<RecordType>(['A', 'AAAA', 'CNAME', 'SRV', 'PTR', 'TXT', 'ANY']);

export interface ClusterDnsOptions {
  host: string;
  port: number;
  zone?: string;
  log?: (line: string) => void;
  /** In ports mode a virtual host is served on 127.0.0.1 at an ephemeral port, registered in its table. */
  network?: VirtualNetwork;
}

export interface ClusterDns {
  /** The address Pods ask (the kube-dns ClusterIP), virtual in ports mode. */
  readonly host: string;
  readonly port: number;
  /** Where the sockets really listen (the same as host/port in addresses mode). */
  readonly bound: { host: string; port: number };
  /** Answers a question directly (the same logic the wire protocol uses). */
  query(name: string, type: RecordType): Promise<DnsResult>;
  stop(): Promise<void>;
}

export async function startClusterDns(client: ApiClient, options: ClusterDnsOptions): Promise<ClusterDns> {
  const zoneName = options.zone ?? CLUSTER_DOMAIN;
  let zone: ClusterZone | undefined;
  const invalidate = () => {
    zone = undefined;
  };
  const unsubscribes: Unsubscribe[] = [
    inform(client, SERVICE, invalidate),
    inform(client, ENDPOINT_SLICE, invalidate),
  ];
  const currentZone = () => {
    zone ??= new ClusterZone(client.list(SERVICE).items, client.list(ENDPOINT_SLICE).items, zoneName);
    return zone;
  };

  const query = async (name: string, type: RecordType): Promise<DnsResult> => {
    if (inClusterZone(name, zoneName) || name.toLowerCase().replace(/\.$/, '').endsWith('.in-addr.arpa')) {
      return currentZone().answer(name, type);
    }
    return forward(name, type);
  };

  const respond = async (message: Buffer): Promise<Buffer | undefined> => {
    let request: dnsPacket.DecodedPacket;
    try {
      request = dnsPacket.decode(message);
    } catch {
      return undefined; // not DNS: drop it, as servers do with garbage
    }
    const question = request.questions?.[0];
    const base = {
      type: 'response' as const,
      id: request.id,
      questions: request.questions,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (request.flag_rd ? dnsPacket.RECURSION_DESIRED : 0),
    };
    if (!question || !SUPPORTED.has(question.type as RecordType)) {
      return dnsPacket.encode({ ...base, flags: base.flags | RCODE.NOTIMP });
    }
    try {
      const result = await query(question.name, question.type as RecordType);
      const rcode = result.rcode === 'NXDOMAIN' ? RCODE.NXDOMAIN : RCODE.NOERROR;
      return dnsPacket.encode({ ...base, flags: base.flags | rcode, answers: result.answers.map(toWire) });
    } catch (error) {
      options.log?.(`cluster DNS: answering ${question.name} ${question.type} failed: ${String(error)}`);
      return dnsPacket.encode({ ...base, flags: base.flags | RCODE.SERVFAIL });
    }
  };

  const udp = dgram.createSocket('udp4');
  udp.on('message', (message, remote) => {
    void respond(message).then((reply) => {
      if (reply) udp.send(reply, remote.port, remote.address);
    });
  });
  const tcp = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      // TCP DNS messages carry a two-byte length prefix (RFC 1035 §4.2.2).
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        void respond(message).then((reply) => {
          if (!reply || socket.destroyed) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([prefix, reply]));
        });
      }
    });
  });
  const sockets = new Set<net.Socket>();
  tcp.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const bind = options.network?.bindAddress(options.host, options.port) ?? {
    host: options.host,
    port: options.port,
  };
  let boundPort = bind.port;
  try {
    // TCP first so that port 0 (tests) picks one port that UDP then shares.
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(bind.port, bind.host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    boundPort = (tcp.address() as net.AddressInfo).port;
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(boundPort, bind.host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    for (const unsubscribe of unsubscribes) unsubscribe();
    tcp.close();
    try {
      udp.close();
    } catch {
      // never bound
    }
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'EACCES'
        ? 'binding a port below 1024 needs root or a lower net.ipv4.ip_unprivileged_port_start'
        : code === 'EADDRINUSE'
          ? 'another program (or another sim cluster with the same network plan) is using it'
          : 'check that the address is a loopback address of this machine';
    throw new Error(`cluster DNS could not listen on ${options.host}:${options.port} (${code}): ${hint}`, {
      cause: error,
    });
  }
  udp.on('error', (error) => options.log?.(`cluster DNS (udp): ${error.message}`));
  const port = options.port || boundPort;
  options.network?.register(options.host, port, boundPort);

  return {
    host: options.host,
    port,
    bound: { host: bind.host, port: boundPort },
    query,
    async stop() {
      options.network?.unregister(options.host, port);
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

async function forward(name: string, type: RecordType): Promise<DnsResult> {
  if (type !== 'A' && type !== 'AAAA' && type !== 'ANY') return { rcode: 'NOERROR', answers: [] };
  try {
    const family = type === 'AAAA' ? 6 : 4;
    const addresses = await lookup(name.replace(/\.$/, ''), { all: true, family });
    const fqdn = name.toLowerCase().replace(/\.$/, '');
    return {
      rcode: 'NOERROR',
      answers: addresses
        .filter((a) => a.family === 4)
        .map((a): DnsAnswer => ({ name: fqdn, type: 'A', ttl: 30, data: a.address })),
    };
  } catch {
    return { rcode: 'NXDOMAIN', answers: [] };
  }
}

function toWire(answer: DnsAnswer): dnsPacket.Answer {
  if (answer.type === 'SRV') return { type: 'SRV', name: answer.name, ttl: answer.ttl, data: answer.data };
  if (answer.type === 'TXT') return { type: 'TXT', name: answer.name, ttl: answer.ttl, data: answer.data };
  return { type: answer.type, name: answer.name, ttl: answer.ttl, data: answer.data };
}
