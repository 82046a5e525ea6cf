import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nthAddress, randomTestNetwork } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';
import { type KubeProxy, startKubeProxy } from './index.ts';
import { createMemoryClient } from './memory-client.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function podServer(ip: string, port: number): Promise<void> {
  const server = http.createServer((_req, res) => res.end(ip));
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(port, ip, resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
}

/** Where the test's own connections come from: the node IP (inside the cluster) unless set. */
let from: string | undefined;

function get(url: string, localAddress = from): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, ...(localAddress ? { localAddress } : {}) }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function endpointSlice(ns: string, svc: string, ips: string[], port: number, ready = true): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svc}-x1`, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready } })),
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}

async function setup() {
  const plan = randomTestNetwork();
  const client = createMemoryClient();
  const logs: string[] = [];
  const proxy: KubeProxy = await startKubeProxy(client, {
    network: plan,
    hostEntryPoints: [],
    dns: false,
    log: (line) => logs.push(line),
  });
  cleanups.push(() => proxy.stop());
  from = plan.nodeIP;
  return { plan, client, proxy, logs };
}

describe('startKubeProxy', () => {
  it('spreads connections through the ClusterIP over every ready endpoint and answers on the NodePort', async () => {
    const { plan, client, proxy } = await setup();
    const pods = [2, 3, 4].map((n) => nthAddress(plan.podCIDR, n));
    for (const ip of pods) await podServer(ip, 8080);
    const clusterIP = nthAddress(plan.serviceCIDR, 33);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'lab' },
      spec: {
        type: 'NodePort',
        clusterIP,
        clusterIPs: [clusterIP],
        ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30007, protocol: 'TCP' }],
      },
    });
    client.create(endpointSlice('lab', 'web', pods, 8080));
    await proxy.synced();
    const answers = await Promise.all(Array.from({ length: 60 }, () => get(`http://${clusterIP}/`)));
    expect(new Set(answers)).toEqual(new Set(pods));
    expect(pods).toContain(await get(`http://${plan.nodeIP}:30007/`));
    expect(proxy.listeners().get(`${clusterIP}:80`)).toBe('lab/web:http');
  });

  it('refuses connections while the Service has no ready endpoint, and serves once one is ready', async () => {
    const { plan, client, proxy } = await setup();
    const clusterIP = nthAddress(plan.serviceCIDR, 34);
    const pod = nthAddress(plan.podCIDR, 5);
    await podServer(pod, 8080);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'empty', namespace: 'lab' },
      spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    const slice = client.create(endpointSlice('lab', 'empty', [pod], 8080, false));
    await proxy.synced();
    const started = Date.now();
    await expect(get(`http://${clusterIP}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(proxy.listeners().has(`${clusterIP}:80`)).toBe(false);
    client.update({ ...endpointSlice('lab', 'empty', [pod], 8080, true), metadata: slice.metadata });
    await proxy.synced();
    expect(await get(`http://${clusterIP}/`)).toBe(pod);
    client.update({
      ...endpointSlice('lab', 'empty', [pod], 8080, false),
      metadata: client.get({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }, 'lab', 'empty-x1')
        ?.metadata,
    } as KubeObject);
    await proxy.synced();
    await expect(get(`http://${clusterIP}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('skips an endpoint that refuses the connection, and refuses like the Pods once none listens', async () => {
    const { plan, client, proxy } = await setup();
    const live = nthAddress(plan.podCIDR, 6);
    const gone = [7, 8, 9].map((n) => nthAddress(plan.podCIDR, n)); // still listed, nothing listens
    await podServer(live, 8080);
    const clusterIP = nthAddress(plan.serviceCIDR, 36);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'stale', namespace: 'lab' },
      spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    client.create(endpointSlice('lab', 'stale', [live, ...gone], 8080));
    await proxy.synced();
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(`http://${clusterIP}/`)));
    expect(new Set(answers)).toEqual(new Set([live]));
    client.update({
      ...endpointSlice('lab', 'stale', gone, 8080),
      metadata: client.get({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }, 'lab', 'stale-x1')
        ?.metadata,
    } as KubeObject);
    await proxy.synced();
    await expect(get(`http://${clusterIP}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a Service port whose ready endpoints do not listen, and opens it once one does', async () => {
    const { plan, client, proxy } = await setup();
    const pod = nthAddress(plan.podCIDR, 12);
    const clusterIP = nthAddress(plan.serviceCIDR, 39);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'wrong-port', namespace: 'lab' },
      spec: {
        type: 'NodePort',
        clusterIP,
        clusterIPs: [clusterIP],
        ports: [{ name: 'http', port: 80, nodePort: 30006, protocol: 'TCP' }],
      },
    });
    client.create(endpointSlice('lab', 'wrong-port', [pod], 9999));
    await proxy.synced();
    await expect(get(`http://${clusterIP}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(get(`http://${plan.nodeIP}:30006/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await podServer(pod, 9999);
    await until('the listener once the Pod listens', () => proxy.listeners().has(`${clusterIP}:80`));
    expect(await get(`http://${clusterIP}/`)).toBe(pod);
  });

  it('resets only the connection that finds every backend gone, and refuses the next ones', async () => {
    const { plan, client, proxy } = await setup();
    const pod = nthAddress(plan.podCIDR, 13);
    const server = http.createServer((_req, res) => res.end(pod));
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve) => server.listen(8080, pod, resolve));
    const clusterIP = nthAddress(plan.serviceCIDR, 40);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'crashed', namespace: 'lab' },
      spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    client.create(endpointSlice('lab', 'crashed', [pod], 8080));
    await proxy.synced();
    expect(await get(`http://${clusterIP}/`)).toBe(pod);
    // The process died; its endpoint is still ready until a probe notices.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(get(`http://${clusterIP}/`)).rejects.toMatchObject({ code: 'ECONNRESET' });
    await proxy.synced();
    await expect(get(`http://${clusterIP}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('turns the host away from a ClusterIP, and shows backends who called (the caller, or the node)', async () => {
    const { plan, client, proxy } = await setup();
    const pod = nthAddress(plan.podCIDR, 14);
    const caller = nthAddress(plan.podCIDR, 15);
    const server = http.createServer((req, res) => res.end(req.socket.remoteAddress));
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve) => server.listen(8080, pod, resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const clusterIP = nthAddress(plan.serviceCIDR, 41);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'who', namespace: 'lab' },
      spec: {
        type: 'NodePort',
        clusterIP,
        clusterIPs: [clusterIP],
        ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30005, protocol: 'TCP' }],
      },
    });
    client.create(endpointSlice('lab', 'who', [pod], 8080));
    await proxy.synced();
    await expect(get(`http://${clusterIP}/`, '127.0.0.1')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await get(`http://${clusterIP}/`, caller)).toBe(caller);
    expect(await get(`http://${plan.nodeIP}:30005/`, '127.0.0.1')).toBe(plan.nodeIP);
    expect(await get(`http://${plan.nodeIP}:30005/`, caller)).toBe(plan.nodeIP);
  });

  it('closes the listeners of a deleted Service and follows port changes', async () => {
    const { plan, client, proxy } = await setup();
    const clusterIP = nthAddress(plan.serviceCIDR, 35);
    const svc = client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'moving', namespace: 'lab' },
      spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    await podServer(nthAddress(plan.podCIDR, 10), 8080);
    client.create(endpointSlice('lab', 'moving', [nthAddress(plan.podCIDR, 10)], 8080));
    await proxy.synced();
    expect([...proxy.listeners().keys()]).toEqual([`${clusterIP}:80`]);
    client.update({ ...svc, spec: { ...svc.spec, ports: [{ name: 'http', port: 81, protocol: 'TCP' }] } });
    await proxy.synced();
    expect([...proxy.listeners().keys()]).toEqual([`${clusterIP}:81`]);
    client.delete({ apiVersion: 'v1', kind: 'Service' }, 'lab', 'moving');
    await proxy.synced();
    expect(proxy.listeners().size).toBe(0);
    await expect(
      new Promise((resolve, reject) => net.connect(81, clusterIP).on('connect', resolve).on('error', reject)),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives a LoadBalancer Service an external IP from the plan and serves its ports there', async () => {
    const { plan, client, proxy } = await setup();
    const pod = nthAddress(plan.podCIDR, 6);
    await podServer(pod, 8080);
    const clusterIP = nthAddress(plan.serviceCIDR, 36);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'public', namespace: 'lab' },
      spec: {
        type: 'LoadBalancer',
        clusterIP,
        clusterIPs: [clusterIP],
        ports: [{ name: 'http', port: 80, nodePort: 30008, protocol: 'TCP' }],
      },
    });
    client.create(endpointSlice('lab', 'public', [pod], 8080));
    const ip = await until(
      'an external IP',
      () =>
        client.get({ apiVersion: 'v1', kind: 'Service' }, 'lab', 'public')?.status?.loadBalancer?.ingress?.[0]
          ?.ip as string,
    );
    expect(ip).toBe(nthAddress(plan.loadBalancerCIDR, 1));
    await until('the LB listener', () => proxy.listeners().has(`${ip}:80`));
    expect(await get(`http://${ip}/`)).toBe(pod);
    expect(client.events.map((e) => e.reason)).toEqual(['EnsuringLoadBalancer', 'EnsuredLoadBalancer']);
  });

  it('reports an address it cannot bind as a Warning event instead of crashing', async () => {
    const { plan, client, proxy, logs } = await setup();
    const clusterIP = nthAddress(plan.serviceCIDR, 37);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(80, clusterIP, resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(resolve)));
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'taken', namespace: 'lab' },
      spec: { clusterIP, clusterIPs: [clusterIP], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    await podServer(nthAddress(plan.podCIDR, 11), 8080);
    client.create(endpointSlice('lab', 'taken', [nthAddress(plan.podCIDR, 11)], 8080));
    await proxy.synced();
    expect(client.events[0]).toMatchObject({ type: 'Warning', reason: 'FailedToListen' });
    expect(client.events[0]?.message).toContain(`${clusterIP}:80`);
    expect(client.events[0]?.message).toContain('EADDRINUSE');
    expect(logs.join('\n')).toContain('lab/taken');
  });

  it('forwards the host entry points to the node ports', async () => {
    const plan = randomTestNetwork();
    const client = createMemoryClient();
    const pod = nthAddress(plan.podCIDR, 7);
    await podServer(pod, 8000);
    const clusterIP = nthAddress(plan.serviceCIDR, 38);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'traefik', namespace: 'traefik' },
      spec: {
        type: 'NodePort',
        clusterIP,
        clusterIPs: [clusterIP],
        ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }],
      },
    });
    client.create(endpointSlice('traefik', 'traefik', [pod], 8000));
    const proxy = await startKubeProxy(client, {
      network: plan,
      hostEntryPoints: [{ name: 'http', hostPort: 0, nodePort: 30080 }],
      dns: false,
      log: () => {},
    });
    cleanups.push(() => proxy.stop());
    const url = proxy.hostEntryPoints[0]?.url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${url}/`)).toBe(pod);
  });
});

describe('startKubeProxy with the cluster DNS', () => {
  it('leaves the kube-dns ClusterIP to the DNS server that listens there itself', async () => {
    const plan = randomTestNetwork();
    const client = createMemoryClient();
    const dnsIP = nthAddress(plan.serviceCIDR, 10);
    client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: {
        clusterIP: dnsIP,
        clusterIPs: [dnsIP],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      },
    });
    const proxy = await startKubeProxy(client, {
      network: plan,
      hostEntryPoints: [],
      dns: { host: dnsIP, port: 0 },
      log: () => {},
    });
    cleanups.push(() => proxy.stop());
    expect(proxy.listeners().size).toBe(0);
    expect(client.events).toEqual([]);
    expect(proxy.dns?.host).toBe(dnsIP);
  });
});
