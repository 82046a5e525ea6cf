// The Pod network shim's "addresses" mode (Linux, where every 127.x address is on lo): what a Pod's
// own network namespace gives it beyond its address. Its outgoing connections leave from the Pod IP
// (so a peer, kube-proxy and the ingress controller see who called), and its servers on the Pod IP
// turn away connections from outside the cluster: only Pods and the node (whose own connections
// come from the node IP) reach a Pod IP, as on kind, where the host has no route to it. The kernel
// has completed the handshake before a program sees the caller's address, so the caller gets a
// reset before any byte (curl: "Connection reset by peer") rather than a refusal.
import net from 'node:net';
import { cidrContains } from '../../core/network.ts';
import { rewriteListenArgs } from './listen-args.ts';

interface TcpHandle {
  connect(req: unknown, address: string, port: number): number;
  bind(address: string, port: number): number;
}

export interface AddressesModeOptions {
  podIP: string;
  /** The Pod range and the node IP: callers from anywhere else are the host. */
  podCIDR?: string;
  nodeIP?: string;
}

export function installAddressesMode({ podIP, podCIDR, nodeIP }: AddressesModeOptions): void {
  const inside = (address: string | undefined) => {
    const ip = address?.startsWith('::ffff:') ? address.slice(7) : (address ?? '');
    return ip === nodeIP || ip === podIP || (podCIDR !== undefined && cidrContains(podCIDR, ip));
  };

  const originalListen = net.Server.prototype.listen;
  net.Server.prototype.listen = function listen(this: net.Server, ...args: unknown[]) {
    const server = (originalListen as (...a: unknown[]) => net.Server).apply(
      this,
      rewriteListenArgs(args, podIP),
    );
    if (podCIDR || nodeIP) {
      server.prependOnceListener('listening', () => {
        const bound = server.address();
        if (typeof bound !== 'object' || bound?.address !== podIP) return;
        const emit = server.emit;
        server.emit = function filtered(this: net.Server, event: string | symbol, ...rest: unknown[]) {
          const socket = rest[0] as net.Socket | undefined;
          if (event === 'connection' && socket && !inside(socket.remoteAddress)) {
            socket.resetAndDestroy();
            return false;
          }
          return (emit as (this: net.Server, e: string | symbol, ...a: unknown[]) => boolean).call(
            this,
            event,
            ...rest,
          );
        } as typeof server.emit;
      });
    }
    return server;
  } as typeof net.Server.prototype.listen;

  const binding = (
    process as unknown as { binding(name: string): { TCP: { prototype: TcpHandle } } }
  ).binding('tcp_wrap');
  const proto = binding.TCP.prototype;
  const originalBind = proto.bind;
  const originalConnect = proto.connect;
  const bound = new WeakSet<object>();
  proto.bind = function bind(this: TcpHandle, address, port) {
    bound.add(this);
    return originalBind.call(this, address, port);
  };
  proto.connect = function connect(this: TcpHandle, req, address, port) {
    // Only loopback destinations: a 127.x source cannot reach anything else. A socket the program
    // bound itself (localAddress) keeps its choice.
    if (address.startsWith('127.') && !bound.has(this)) originalBind.call(this, podIP, 0);
    return originalConnect.call(this, req, address, port);
  };
}
