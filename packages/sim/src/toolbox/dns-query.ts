// One DNS question to the cluster DNS over UDP, as a Pod's resolver sends it, and the resolver's
// search-path walk on top. In the "ports" network mode the DNS address is virtual, so the question
// goes to the real port the shared table names.
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { PortTable } from '../core/port-table.ts';
import { candidateNames } from '../dns/search.ts';
import { realDnsServer } from '../node/shim/ports-mode.ts';
import type { PodWorld } from './io.ts';

export type QueryType = 'A' | 'SRV' | 'AAAA' | 'PTR' | 'TXT' | 'CNAME';

export interface DnsReply {
  rcode: string;
  /** Whether the server answered as the authority (the cluster zone) or recursively (forwarded). */
  authoritative: boolean;
  answers: dnsPacket.Answer[];
  id: number;
  ms: number;
}

export function serverAddress(world: PodWorld): { host: string; port: number } {
  let server = world.dnsServer;
  const table = world.env.SIM_NETWORK_MODE === 'ports' ? world.env.SIM_PORT_TABLE : undefined;
  if (table) {
    const cidrs = (world.env.SIM_VIRTUAL_CIDRS ?? '').split(',').filter(Boolean);
    server = realDnsServer(server, new PortTable(table), cidrs);
  }
  const at = server.lastIndexOf(':');
  return { host: server.slice(0, at), port: Number(server.slice(at + 1)) };
}

export function query(world: PodWorld, name: string, type: QueryType, timeoutMs = 2000): Promise<DnsReply> {
  const { host, port } = serverAddress(world);
  const id = Math.floor(Math.random() * 65535);
  const started = Date.now();
  const packet = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
  });
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`connection timed out; no servers could be reached`));
    }, timeoutMs);
    socket.on('message', (message) => {
      const reply = dnsPacket.decode(message);
      if (reply.id !== id) return;
      clearTimeout(timer);
      socket.close();
      resolve({
        rcode: (reply as { rcode?: string }).rcode ?? 'NOERROR',
        authoritative: ((reply.flags ?? 0) & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
        answers: reply.answers ?? [],
        id,
        ms: Date.now() - started,
      });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.send(packet, port, host);
  });
}

/** Walks the search path like the Pod's resolver: the first expansion with an answer of `type` wins. */
export async function lookup(
  world: PodWorld,
  name: string,
  type: QueryType,
): Promise<{ fqdn: string; reply: DnsReply } | undefined> {
  for (const candidate of candidateNames(name, world.namespace, world.zone)) {
    const reply = await query(world, candidate, type);
    if (reply.rcode === 'NOERROR' && reply.answers.length > 0) return { fqdn: candidate, reply };
  }
  return undefined;
}
