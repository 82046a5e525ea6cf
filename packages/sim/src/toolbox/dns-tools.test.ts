import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dig, nslookup } from './dns-tools.ts';
import { memoryIo, podWorld } from './io.ts';

// A stand-in cluster DNS with one Service, web.lab.svc.cluster.local, and its named port.
const RECORDS: Record<string, dnsPacket.Answer> = {
  'A web.lab.svc.cluster.local': {
    type: 'A',
    name: 'web.lab.svc.cluster.local',
    ttl: 5,
    data: '127.96.0.20',
  },
  'SRV _http._tcp.web.lab.svc.cluster.local': {
    type: 'SRV',
    name: '_http._tcp.web.lab.svc.cluster.local',
    ttl: 5,
    data: { priority: 0, weight: 100, port: 80, target: 'web.lab.svc.cluster.local' },
  },
};
let server: dgram.Socket;
const asked: string[] = [];
let world: ReturnType<typeof podWorld>;

beforeAll(async () => {
  server = dgram.createSocket('udp4');
  server.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0] as dnsPacket.Question;
    asked.push(question.name);
    const answer = RECORDS[`${question.type} ${question.name}`];
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (answer ? 0 : 3),
      questions: [question],
      answers: answer ? [answer] : [],
    });
    server.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  world = podWorld({
    SIM_POD_NAMESPACE: 'lab',
    SIM_DNS_SERVER: `127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('nslookup and dig in a Pod', () => {
  it('nslookup walks the search path and prints the first answer as busybox does', async () => {
    asked.length = 0;
    const io = memoryIo();
    expect(await nslookup(['web'], io, world)).toBe(0);
    expect(asked).toEqual(['web.lab.svc.cluster.local']);
    expect(io.stdout).toBe(
      'Server:\t\t127.0.0.1\nAddress:\t127.0.0.1:53\n\nName:\tweb.lab.svc.cluster.local\nAddress: 127.96.0.20\n\n',
    );
  });

  it('nslookup answers SRV questions for named ports', async () => {
    const io = memoryIo();
    expect(await nslookup(['-type=srv', '_http._tcp.web'], io, world)).toBe(0);
    expect(io.stdout).toContain(
      '_http._tcp.web.lab.svc.cluster.local\tservice = 0 100 80 web.lab.svc.cluster.local\n',
    );
  });

  it('nslookup of an unknown name tries every search domain, says NXDOMAIN and exits 1', async () => {
    asked.length = 0;
    const io = memoryIo();
    expect(await nslookup(['nope'], io, world)).toBe(1);
    expect(asked).toEqual([
      'nope.lab.svc.cluster.local',
      'nope.svc.cluster.local',
      'nope.cluster.local',
      'nope',
    ]);
    expect(io.stdout).toContain("** server can't find nope: NXDOMAIN\n");
  });

  it('dig asks for the name as given unless +search, and +short prints only the data', async () => {
    const bare = memoryIo();
    await dig(['+short', 'web'], bare, world);
    expect(bare.stdout).toBe('');
    const searched = memoryIo();
    await dig(['+short', '+search', 'web'], searched, world);
    expect(searched.stdout).toBe('127.96.0.20\n');
    const full = memoryIo();
    await dig(['SRV', '_http._tcp.web.lab.svc.cluster.local'], full, world);
    expect(full.stdout).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR');
    expect(full.stdout).toMatch(
      /_http\._tcp\.web\.lab\.svc\.cluster\.local\.\t\t5\tIN\tSRV\t0 100 80 web\.lab\.svc\.cluster\.local\./,
    );
  });
});
