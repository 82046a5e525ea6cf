import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cidrContains, nthAddress, randomTestNetwork } from './network.ts';
import { PortTable } from './port-table.ts';
import {
  acquireVirtualNetwork,
  detectNetworkMode,
  dialAddress,
  networkModeFromEnv,
  VirtualNetwork,
} from './virtual-network.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function table(): Promise<PortTable> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sim-port-table-'));
  dirs.push(dir);
  return new PortTable(dir);
}

describe('cidrContains', () => {
  it('tells addresses inside an IPv4 CIDR from those outside', () => {
    expect(cidrContains('127.96.0.0/12', '127.96.0.10')).toBe(true);
    expect(cidrContains('127.96.0.0/12', '127.111.255.255')).toBe(true);
    expect(cidrContains('127.96.0.0/12', '127.112.0.0')).toBe(false);
    expect(cidrContains('127.244.0.0/16', '127.0.0.1')).toBe(false);
    expect(cidrContains('127.244.0.0/16', 'api-service')).toBe(false);
    expect(cidrContains('127.244.0.0/16', '::1')).toBe(false);
  });
});

describe('PortTable', () => {
  it('registers, looks up and removes entries, per address and per process', async () => {
    const t = await table();
    t.register('127.244.0.5', 8080, 41000, 111);
    t.register('127.244.0.5', 9000, 41001, 222);
    t.register('127.244.0.6', 8080, 41002, 111);
    expect(t.lookup('127.244.0.5', 8080)).toEqual({ port: 41000, pid: 111 });
    expect(t.lookup('127.244.0.5', 8081)).toBeUndefined();
    t.unregister('127.244.0.5', 8080, 999); // someone else's entry stays
    expect(t.lookup('127.244.0.5', 8080)?.port).toBe(41000);
    t.removeAddress('127.244.0.5', 111);
    expect([...t.entries().keys()].sort()).toEqual(['127.244.0.5:9000', '127.244.0.6:8080']);
    t.removeAddress('127.244.0.5');
    expect([...t.entries().keys()]).toEqual(['127.244.0.6:8080']);
  });

  it('replaces an entry when a restarted process registers the same address', async () => {
    const t = await table();
    t.register('127.96.0.10', 53, 40000, 1);
    t.register('127.96.0.10', 53, 40001, 2);
    expect(t.lookup('127.96.0.10', 53)).toEqual({ port: 40001, pid: 2 });
  });
});

describe('the network mode', () => {
  it('reads SIM_NETWORK_MODE and refuses other values with the choices', () => {
    expect(networkModeFromEnv({})).toBeUndefined();
    expect(networkModeFromEnv({ SIM_NETWORK_MODE: 'ports' })).toBe('ports');
    expect(networkModeFromEnv({ SIM_NETWORK_MODE: 'addresses' })).toBe('addresses');
    expect(() => networkModeFromEnv({ SIM_NETWORK_MODE: 'port' })).toThrow(
      'SIM_NETWORK_MODE is "port"; expected "addresses"',
    );
  });

  it('probes "addresses" where the whole of 127/8 is bindable (Linux)', async () => {
    if (process.platform !== 'linux') return;
    expect(await detectNetworkMode(randomTestNetwork())).toBe('addresses');
  });

  it('translates only the plan ranges in ports mode, and refuses what the table does not have', async () => {
    const plan = randomTestNetwork();
    const t = await table();
    const network = new VirtualNetwork(plan, 'ports', t);
    const pod = nthAddress(plan.podCIDR, 3);
    expect(network.bindAddress(pod, 8080)).toEqual({ host: '127.0.0.1', port: 0 });
    expect(network.bindAddress(plan.nodeIP, 30000)).toEqual({ host: plan.nodeIP, port: 30000 });
    expect(network.dial(pod, 8080)).toBeUndefined();
    network.register(pod, 8080, 45678);
    expect(network.dial(pod, 8080)).toEqual({ host: '127.0.0.1', port: 45678 });
    expect(network.dial('127.0.0.1', 6443)).toEqual({ host: '127.0.0.1', port: 6443 });
    expect(network.podEnv()).toEqual({
      SIM_NETWORK_MODE: 'ports',
      SIM_PORT_TABLE: t.dir,
      SIM_VIRTUAL_CIDRS: `${plan.podCIDR},${plan.serviceCIDR},${plan.loadBalancerCIDR}`,
    });
    const addresses = new VirtualNetwork(plan, 'addresses');
    expect(addresses.dial(pod, 8080)).toEqual({ host: pod, port: 8080, localAddress: plan.nodeIP });
    expect(addresses.dial('127.0.0.1', 6443)).toEqual({ host: '127.0.0.1', port: 6443 });
    expect(addresses.podEnv()).toEqual({ SIM_POD_CIDR: plan.podCIDR, SIM_NODE_IP: plan.nodeIP });
  });

  it('puts the node IP behind the table too in ports mode when the machine lacks it (macOS)', async () => {
    const plan = randomTestNetwork();
    const t = await table();
    const network = new VirtualNetwork(plan, 'ports', t, true);
    expect(network.bindAddress(plan.nodeIP, 30000)).toEqual({ host: '127.0.0.1', port: 0 });
    expect(network.dial(plan.nodeIP, 30000)).toBeUndefined();
    network.register(plan.nodeIP, 30000, 45679);
    expect(network.dial(plan.nodeIP, 30000)).toEqual({ host: '127.0.0.1', port: 45679 });
    expect(network.podEnv().SIM_VIRTUAL_CIDRS?.split(',')).toContain(`${plan.nodeIP}/32`);
  });

  it('tells the cluster’s callers from the host’s by their address, in addresses mode only', () => {
    const plan = randomTestNetwork();
    const addresses = new VirtualNetwork(plan, 'addresses');
    expect(addresses.fromInside(nthAddress(plan.podCIDR, 3))).toBe(true);
    expect(addresses.fromInside(plan.nodeIP)).toBe(true);
    expect(addresses.fromInside(`::ffff:${plan.nodeIP}`)).toBe(true);
    expect(addresses.fromInside('127.0.0.1')).toBe(false);
    expect(addresses.fromInside(nthAddress(plan.serviceCIDR, 3))).toBe(false);
  });

  it('shares one network per plan in a process and removes its table with the last lease', async () => {
    const plan = randomTestNetwork();
    const a = await acquireVirtualNetwork(plan, { mode: 'ports' });
    const b = await acquireVirtualNetwork(plan);
    expect(b.network).toBe(a.network);
    await expect(acquireVirtualNetwork(plan, { mode: 'addresses' })).rejects.toThrow(
      'already runs in "ports" mode',
    );
    const service = nthAddress(plan.serviceCIDR, 20);
    a.network.register(service, 80, 43210);
    expect(dialAddress(service, 80)).toEqual({ host: '127.0.0.1', port: 43210 });
    expect(dialAddress(service, 81)).toBeUndefined();
    await a.release();
    expect(dialAddress(service, 80)).toEqual({ host: '127.0.0.1', port: 43210 });
    await b.release();
    expect(dialAddress(service, 80)).toEqual({ host: service, port: 80 });
    expect(a.network.table?.entries().size).toBe(0);
  });
});
