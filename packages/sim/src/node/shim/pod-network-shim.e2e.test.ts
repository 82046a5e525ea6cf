import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsServiceIP, nthAddress, randomTestNetwork } from '../../core/network.ts';
import { PortTable } from '../../core/port-table.ts';
import { type ClusterDns, startClusterDns } from '../../dns/server.ts';
import { createMemoryClient } from '../../proxy/memory-client.ts';
import { buildPodNetworkShim } from './build-shim.ts';

const plan = randomTestNetwork();
const serviceIP = nthAddress(plan.serviceCIDR, 40);
const podIP = nthAddress(plan.podCIDR, 9);
let dir = '';
let shim = '';
let dns: ClusterDns;
let server: http.Server;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sim-shim-'));
  shim = await buildPodNetworkShim(dir);
  const client = createMemoryClient();
  dns = await startClusterDns(client, { host: dnsServiceIP(plan), port: 0 });
  client.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api-service', namespace: 'lab' },
    spec: { clusterIP: serviceIP, clusterIPs: [serviceIP], ports: [{ port: 8080 }] },
  });
  server = http.createServer((req, res) => res.end(`hello ${req.headers.host}`));
  await new Promise<void>((resolve) => server.listen(8080, serviceIP, resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await dns.stop();
  await rm(dir, { recursive: true, force: true });
});

function runInPod(namespace: string, script: string, extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', shim, '--input-type=module', '-e', script],
      {
        env: {
          PATH: process.env.PATH,
          SIM_POD_IP: podIP,
          SIM_POD_NAMESPACE: namespace,
          SIM_DNS_SERVER: `${dns.host}:${dns.port}`,
          ...extraEnv,
        },
        timeout: 20_000,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

describe('the Pod network shim', () => {
  it('resolves a short Service name for global fetch and http.get in the same namespace', async () => {
    const out = await runInPod(
      'lab',
      `import http from 'node:http';
       const a = await (await fetch('http://api-service:8080/')).text();
       const b = await new Promise((r) => http.get('http://api-service.lab:8080/', (res) => { let d=''; res.on('data', (c) => d += c); res.on('end', () => r(d)); }));
       console.log(JSON.stringify([a, b]));`,
    );
    expect(JSON.parse(out)).toEqual(['hello api-service:8080', 'hello api-service.lab:8080']);
  });

  it('fails the short name from another namespace with ENOTFOUND but resolves svc.ns', async () => {
    const out = await runInPod(
      'other',
      `import dns from 'node:dns';
       const r = [];
       try { await dns.promises.lookup('api-service'); r.push('found'); } catch (e) { r.push(e.code); }
       r.push((await dns.promises.lookup('api-service.lab')).address);
       dns.lookup('api-service.lab.svc.cluster.local.', { all: true }, (e, all) => { r.push(all); console.log(JSON.stringify(r)); });`,
    );
    expect(JSON.parse(out)).toEqual(['ENOTFOUND', serviceIP, [{ address: serviceIP, family: 4 }]]);
  });

  it('leaves localhost to the host resolver', async () => {
    const out = await runInPod(
      'lab',
      `import dns from 'node:dns'; console.log((await dns.promises.lookup('localhost', 4)).address);`,
    );
    expect(out).toBe('127.0.0.1');
  });

  it('binds a server that listens on all interfaces to the Pod IP', async () => {
    const out = await runInPod(
      'lab',
      `import http from 'node:http';
       const s = http.createServer().listen(0, () => { console.log(s.address().address); s.close(); });`,
    );
    expect(out).toBe(podIP);
  });
});

describe('the Pod network shim in ports mode', () => {
  const portsServiceIP = nthAddress(plan.serviceCIDR, 41);
  const silentIP = nthAddress(plan.serviceCIDR, 42);
  let table: PortTable;
  let realServer: http.Server;
  let portsDns: ClusterDns;
  let env: Record<string, string>;

  beforeAll(async () => {
    table = new PortTable(path.join(dir, 'ports'));
    const client = createMemoryClient();
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ports-service', namespace: 'lab' },
      spec: { clusterIP: portsServiceIP, clusterIPs: [portsServiceIP], ports: [{ port: 80 }] },
    });
    // The DNS server and the Service listen on 127.0.0.1 only; the table knows their virtual addresses.
    portsDns = await startClusterDns(client, { host: '127.0.0.1', port: 0 });
    table.register(dnsServiceIP(plan), 53, portsDns.port);
    realServer = http.createServer((req, res) =>
      res.end(`ports ${req.headers.host} from ${req.socket.remoteAddress}`),
    );
    await new Promise<void>((resolve) => realServer.listen(0, '127.0.0.1', resolve));
    table.register(portsServiceIP, 80, (realServer.address() as { port: number }).port);
    env = {
      SIM_NETWORK_MODE: 'ports',
      SIM_PORT_TABLE: table.dir,
      SIM_VIRTUAL_CIDRS: [plan.podCIDR, plan.serviceCIDR, plan.loadBalancerCIDR].join(','),
      SIM_DNS_SERVER: `${dnsServiceIP(plan)}:53`,
    };
  });

  afterAll(async () => {
    await new Promise((resolve) => realServer?.close(resolve));
    await portsDns?.stop();
  });

  it('resolves a name through the translated DNS server and reaches the Service through the table', async () => {
    const out = await runInPod(
      'lab',
      `import http from 'node:http';
       const a = await (await fetch('http://ports-service/')).text();
       const b = await new Promise((r) => http.get('http://ports-service.lab/', (res) => { const peer = [res.socket.remoteAddress, res.socket.remotePort]; let d=''; res.on('data', (c) => d += c); res.on('end', () => r([d, ...peer])); }));
       console.log(JSON.stringify([a, b]));`,
      env,
    );
    expect(JSON.parse(out)).toEqual([
      'ports ports-service from 127.0.0.1',
      ['ports ports-service.lab from 127.0.0.1', portsServiceIP, 80],
    ]);
  });

  it('refuses a virtual address nothing listens on, naming that address', async () => {
    const out = await runInPod(
      'lab',
      `import net from 'node:net';
       const s = net.connect({ host: '${silentIP}', port: 8080 });
       s.on('error', (e) => console.log(JSON.stringify([e.code, e.message])));`,
      env,
    );
    expect(JSON.parse(out)).toEqual(['ECONNREFUSED', `connect ECONNREFUSED ${silentIP}:8080`]);
  });

  it('registers a wildcard listener as (Pod IP, port), answers there, and frees it on close', async () => {
    const out = await runInPod(
      'lab',
      `import http from 'node:http';
       import fs from 'node:fs';
       const s = http.createServer((q, r) => r.end('pod says hi')).listen(8080, async () => {
         const addr = s.address();
         const self = await (await fetch('http://${podIP}:8080/')).text();
         const second = await new Promise((r) => http.createServer().listen(8080).on('error', (e) => r(e.code)));
         s.close(() => console.log(JSON.stringify([addr, self, second, fs.existsSync('${table.dir}/${podIP}_8080')])));
       });`,
      env,
    );
    expect(JSON.parse(out)).toEqual([
      { address: podIP, family: 'IPv4', port: 8080 },
      'pod says hi',
      'EADDRINUSE',
      false,
    ]);
  });
});
