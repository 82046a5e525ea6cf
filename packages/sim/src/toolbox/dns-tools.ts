// nslookup (busybox's output) and dig (BIND's output), asking the cluster DNS the way the Pod would:
// nslookup walks the resolv.conf search path, dig asks for the name as given unless +search.
import { type DnsReply, lookup, type QueryType, query } from './dns-query.ts';
import type { Command, Io } from './io.ts';

const TYPES = new Set(['A', 'SRV', 'AAAA', 'PTR', 'TXT', 'CNAME']);

function recordData(answer: { type: string; data?: unknown }): string {
  const data = answer.data as
    | string
    | { priority: number; weight: number; port: number; target: string }
    | Buffer[]
    | undefined;
  if (answer.type === 'SRV' && data && typeof data === 'object' && 'port' in data)
    return `${data.priority} ${data.weight} ${data.port} ${data.target}`;
  if (Array.isArray(data)) return data.map((d) => `"${d.toString()}"`).join(' ');
  return String(data ?? '');
}

function failure(io: Io, error: unknown, tool: string): number {
  io.err(`${tool}: ${(error as Error).message}\n`);
  return 1;
}

export const nslookup: Command = async (args, io, world) => {
  let type: QueryType = 'A';
  const names: string[] = [];
  for (const arg of args) {
    const option = /^-(?:type|query|q|t)=(.+)$/i.exec(arg);
    if (option) {
      const wanted = (option[1] ?? '').toUpperCase();
      if (!TYPES.has(wanted)) {
        io.err(`nslookup: invalid query type "${option[1]}"\n`);
        return 1;
      }
      type = wanted as QueryType;
    } else if (!arg.startsWith('-')) names.push(arg);
  }
  const name = names[0];
  if (!name) {
    io.err('Usage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]\n');
    return 1;
  }
  io.out(`Server:\t\t${world.nameserver}\nAddress:\t${world.nameserver}:53\n\n`);
  let found: Awaited<ReturnType<typeof lookup>>;
  try {
    found = await lookup(world, name, type);
  } catch (error) {
    return failure(io, error, 'nslookup');
  }
  if (!found) {
    io.out(`** server can't find ${name}: NXDOMAIN\n\n`);
    return 1;
  }
  if (!found.reply.authoritative) io.out('Non-authoritative answer:\n');
  for (const answer of found.reply.answers) {
    if (answer.type === 'A' || answer.type === 'AAAA')
      io.out(`Name:\t${answer.name}\nAddress: ${answer.data}\n`);
    else if (answer.type === 'SRV') io.out(`${answer.name}\tservice = ${recordData(answer)}\n`);
    else if (answer.type === 'CNAME') io.out(`${answer.name}\tcanonical name = ${answer.data}\n`);
    else io.out(`${answer.name}\t${answer.type.toLowerCase()} = ${recordData(answer)}\n`);
  }
  io.out('\n');
  return 0;
};

function digAnswer(answer: { name: string; type: string; ttl?: number; data?: unknown }): string {
  const data = recordData(answer);
  const absolute =
    answer.type === 'SRV' || answer.type === 'CNAME' || answer.type === 'PTR' ? `${data}.` : data;
  return `${answer.name}.\t\t${answer.ttl ?? 0}\tIN\t${answer.type}\t${absolute}`;
}

export const dig: Command = async (args, io, world) => {
  let type: QueryType = 'A';
  let short = false;
  let search = false;
  let name: string | undefined;
  for (const arg of args) {
    if (arg === '+short') short = true;
    else if (arg === '+search') search = true;
    else if (arg.startsWith('+') || arg.startsWith('@')) continue;
    else if (TYPES.has(arg.toUpperCase())) type = arg.toUpperCase() as QueryType;
    else if (arg.startsWith('-')) continue;
    else name = arg;
  }
  if (!name) name = '.';
  let fqdn = name.replace(/\.$/, '');
  let reply: DnsReply;
  try {
    const found = search && !name.endsWith('.') ? await lookup(world, name, type) : undefined;
    if (found) {
      fqdn = found.fqdn;
      reply = found.reply;
    } else reply = await query(world, fqdn, type);
  } catch (error) {
    io.out(`;; ${(error as Error).message}\n`);
    return 9;
  }
  if (short) {
    for (const answer of reply.answers) {
      const data = recordData(answer);
      io.out(`${answer.type === 'SRV' || answer.type === 'CNAME' ? `${data}.` : data}\n`);
    }
    return 0;
  }
  const flags = reply.authoritative ? 'qr aa rd' : 'qr rd ra';
  io.out(
    [
      '',
      `; <<>> DiG 9.18 (sim) <<>> ${args.join(' ')}`,
      ';; global options: +cmd',
      ';; Got answer:',
      `;; ->>HEADER<<- opcode: QUERY, status: ${reply.rcode}, id: ${reply.id}`,
      `;; flags: ${flags}; QUERY: 1, ANSWER: ${reply.answers.length}, AUTHORITY: 0, ADDITIONAL: 0`,
      '',
      ';; QUESTION SECTION:',
      `;${fqdn}.\t\t\tIN\t${type}`,
      '',
      ...(reply.answers.length > 0 ? [';; ANSWER SECTION:', ...reply.answers.map(digAnswer), ''] : []),
      `;; Query time: ${reply.ms} msec`,
      `;; SERVER: ${world.nameserver}#53(${world.nameserver}) (UDP)`,
      `;; WHEN: ${new Date().toUTCString()}`,
      '',
      '',
    ].join('\n'),
  );
  return 0;
};
