// The Pod's sockets, as its own network namespace would list them. On Linux ("addresses" mode) every
// Pod listens on its own 127.x address, so the kernel's /proc/net/tcp rows with the Pod IP are
// exactly the Pod's; in the "ports" mode the shared port table records each (Pod IP, port) with the
// process that opened it.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { PortTable } from '../core/port-table.ts';
import type { PodWorld } from './io.ts';

export interface PodSocket {
  state: 'LISTEN' | 'ESTABLISHED' | 'TIME_WAIT' | 'OTHER';
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  inode?: string;
  pid?: number;
  program?: string;
  fd?: number;
}

const STATES: Record<string, PodSocket['state']> = { '0A': 'LISTEN', '01': 'ESTABLISHED', '06': 'TIME_WAIT' };

function hexAddress(hex: string): { address: string; port: number } {
  const [ip = '', port = '0'] = hex.split(':');
  const bytes = [6, 4, 2, 0].map((i) => Number.parseInt(ip.slice(i, i + 2), 16));
  return { address: bytes.join('.'), port: Number.parseInt(port, 16) };
}

function procSockets(podIP: string): PodSocket[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return [];
  }
  const sockets: PodSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = hexAddress(fields[1] ?? '');
    if (local.address !== podIP) continue;
    const remote = hexAddress(fields[2] ?? '');
    sockets.push({
      state: STATES[fields[3] ?? ''] ?? 'OTHER',
      local: local.address,
      localPort: local.port,
      remote: remote.address,
      remotePort: remote.port,
      inode: fields[9],
    });
  }
  return sockets;
}

function program(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'node';
  }
}

/** Fills in pid/program/fd by finding which process holds each socket inode (what -p asks for). */
function attachOwners(sockets: PodSocket[]): void {
  const wanted = new Map(
    sockets.filter((s) => s.inode && s.inode !== '0').map((s) => [`socket:[${s.inode}]`, s]),
  );
  if (wanted.size === 0) return;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const socket = wanted.get(link);
      if (!socket) continue;
      socket.pid = Number(pid);
      socket.program = program(Number(pid));
      socket.fd = Number(fd);
      wanted.delete(link);
      if (wanted.size === 0) return;
    }
  }
}

export function podSockets(world: PodWorld, options: { owners: boolean }): PodSocket[] {
  const tableDir = world.env.SIM_NETWORK_MODE === 'ports' ? world.env.SIM_PORT_TABLE : undefined;
  if (tableDir) {
    const sockets: PodSocket[] = [];
    for (const [key, entry] of new PortTable(tableDir).entries()) {
      const at = key.lastIndexOf(':');
      if (key.slice(0, at) !== world.podIP) continue;
      sockets.push({
        state: 'LISTEN',
        local: world.podIP,
        localPort: Number(key.slice(at + 1)),
        remote: '0.0.0.0',
        remotePort: 0,
        pid: entry.pid,
        program: program(entry.pid),
      });
    }
    return sockets.sort((a, b) => a.localPort - b.localPort);
  }
  const sockets = procSockets(world.podIP).sort((a, b) => a.localPort - b.localPort);
  if (options.owners) attachOwners(sockets);
  return sockets;
}
