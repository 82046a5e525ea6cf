import { Resolver } from 'node:dns/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { dnsServiceIP, randomTestNetwork } from '../core/network.ts';
import { createMemoryClient } from '../proxy/memory-client.ts';
import { type ClusterDns, startClusterDns } from './server.ts';

let dns: ClusterDns | undefined;
afterEach(async () => {
  await dns?.stop();
  dns = undefined;
});

async function setup() {
  const client = createMemoryClient();
  const plan = randomTestNetwork();
  dns = await startClusterDns(client, { host: dnsServiceIP(plan), port: 0 });
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`${dns.host}:${dns.port}`]);
  return { client, resolver };
}

describe('startClusterDns', () => {
  it('answers A questions over UDP for Services created after it started', async () => {
    const { client, resolver } = await setup();
    await expect(resolver.resolve4('web.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        clusterIP: '127.96.0.44',
        clusterIPs: ['127.96.0.44'],
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      },
    });
    await expect(resolver.resolve4('web.default.svc.cluster.local')).resolves.toEqual(['127.96.0.44']);
    await expect(resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local')).resolves.toEqual([
      { name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 },
    ]);
  });

  it('answers ExternalName Services with a CNAME', async () => {
    const { client, resolver } = await setup();
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext', namespace: 'default' },
      spec: { type: 'ExternalName', externalName: 'example.com' },
    });
    await expect(resolver.resolveCname('ext.default.svc.cluster.local')).resolves.toEqual(['example.com']);
  });

  it('serves the same answers over TCP', async () => {
    const { client } = await setup();
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'tcp', namespace: 'x' },
      spec: { clusterIP: '127.96.0.45' },
    });
    const net = await import('node:net');
    const dnsPacket = (await import('dns-packet')).default;
    const query = dnsPacket.encode({
      type: 'query',
      id: 7,
      questions: [{ type: 'A', name: 'tcp.x.svc.cluster.local' }],
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(dns?.port ?? 0, dns?.host);
      let data = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
          socket.end();
          resolve(data.subarray(2));
        }
      });
      socket.write(Buffer.concat([prefix, query]));
    });
    const decoded = dnsPacket.decode(reply);
    expect(decoded.id).toBe(7);
    expect(decoded.answers?.[0]).toMatchObject({ type: 'A', data: '127.96.0.45' });
  });
});
