// The Pod network shim's "ports" mode (where the OS has no 127.x address per Pod, e.g. macOS): a
// server that would bind the Pod IP binds 127.0.0.1 at an ephemeral port and registers itself in the
// shared PortTable as (podIP, port); every outgoing TCP connection to a virtual address (Pod, Service,
// load balancer) is sent to the real port the table names, or refused like a closed port. The
// connect is rewritten on the TCP handle, after name resolution, so net, http, https/tls,
// fetch/undici and DNS-over-TCP all go through it, and the socket still reports the virtual peer.
import net from 'node:net';
import { constants } from 'node:os';
import { cidrContains } from '../../core/network.ts';
import { type PortTable, REAL_HOST } from '../../core/port-table.ts';
import { isAlive } from '../../core/process-alive.ts';
import { rewriteListenArgs, toRealListenArgs } from './listen-args.ts';

interface ConnectRequest {
  oncomplete: (status: number, handle: unknown, req: unknown, readable: boolean, writable: boolean) => void;
}

interface TcpHandle {
  connect(req: ConnectRequest, address: string, port: number): number;
  getpeername(out: Record<string, unknown>): number;
}

interface TcpWrapBinding {
  TCP: { prototype: TcpHandle };
}

export interface PortsModeOptions {
  podIP: string;
  table: PortTable;
  /** The virtual ranges (Pods, Services, load balancers). */
  cidrs: string[];
}

function addressInUse(address: string, port: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen EADDRINUSE: address already in use ${address}:${port}`), {
    code: 'EADDRINUSE',
    errno: -(constants.errno.EADDRINUSE ?? 98),
    syscall: 'listen',
    address,
    port,
  });
}

export function installPortsMode({ podIP, table, cidrs }: PortsModeOptions): void {
  const isVirtual = (address: string) => cidrs.some((cidr) => cidrContains(cidr, address));
  const mine = new Set<number>(); // virtual ports this process has registered

  const originalListen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listen(this: net.Server, ...args: unknown[]) {
    const rewritten = rewriteListenArgs(args, podIP);
    const real = toRealListenArgs(rewritten, podIP, REAL_HOST);
    const call = (a: unknown[]) => (originalListen as (...x: unknown[]) => net.Server).apply(this, a);
    if (!real) return call(rewritten);
    const asked = real.virtualPort;
    if (asked !== 0) {
      const holder = table.lookup(podIP, asked);
      // Another server of this Pod has the port: a real network namespace says EADDRINUSE too.
      if (mine.has(asked) || (holder && holder.pid !== process.pid && isAlive(holder.pid))) {
        process.nextTick(() => this.emit('error', addressInUse(podIP, asked)));
        return this;
      }
    }
    const server = call(real.args);
    const originalAddress = server.address.bind(server);
    server.prependOnceListener('listening', () => {
      const bound = originalAddress() as net.AddressInfo;
      const port = asked || bound.port;
      table.register(podIP, port, bound.port);
      mine.add(port);
      // What the program sees is what it asked for, as inside its own network namespace.
      server.address = () => (originalAddress() ? { address: podIP, family: 'IPv4', port } : null);
      // close() stops accepting at once (the 'close' event waits for open connections): the entry
      // goes with it, so nobody dials a port that no longer listens and might be reused.
      const release = () => {
        if (!mine.delete(port)) return;
        table.unregister(podIP, port, process.pid);
      };
      const originalClose = server.close;
      server.close = function close(this: net.Server, ...closeArgs: unknown[]) {
        release();
        return (originalClose as (...a: unknown[]) => net.Server).apply(this, closeArgs);
      } as typeof server.close;
      server.once('close', release);
    });
    return server;
  } as typeof net.Server.prototype.listen;

  const binding = (process as unknown as { binding(name: string): TcpWrapBinding }).binding('tcp_wrap');
  const proto = binding.TCP.prototype;
  const originalConnect = proto.connect;
  const originalPeer = proto.getpeername;
  const peers = new WeakMap<object, { address: string; port: number }>();
  proto.connect = function connect(this: TcpHandle, req, address, port) {
    if (!isVirtual(address)) return originalConnect.call(this, req, address, port);
    const entry = table.lookup(address, port);
    if (!entry) {
      // Nothing listens there: complete the connect as refused, the way a closed port answers.
      const refused = -(constants.errno.ECONNREFUSED ?? 111);
      process.nextTick(() => req.oncomplete(refused, this, req, false, false));
      return 0;
    }
    peers.set(this, { address, port });
    return originalConnect.call(this, req, REAL_HOST, entry.port);
  };
  proto.getpeername = function getpeername(this: TcpHandle, out) {
    const result = originalPeer.call(this, out);
    const peer = peers.get(this);
    if (result === 0 && peer) {
      out.address = peer.address;
      out.port = peer.port;
    }
    return result;
  };
}

/** The `host:port` to hand the resolver: the DNS server's real address when it is virtual. */
export function realDnsServer(server: string, table: PortTable, cidrs: string[]): string {
  const at = server.lastIndexOf(':');
  const host = at > 0 ? server.slice(0, at) : server;
  const port = at > 0 ? Number(server.slice(at + 1)) : 53;
  if (!cidrs.some((cidr) => cidrContains(cidr, host))) return server;
  const entry = table.lookup(host, port);
  return entry ? `${REAL_HOST}:${entry.port}` : server;
}
