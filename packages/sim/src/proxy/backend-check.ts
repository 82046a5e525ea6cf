// Whether any of a Service port's backends accepts connections. A user-space proxy cannot refuse a
// connection it has accepted (the caller would see a reset), so kube-proxy opens a Service address
// only once a backend listens: until then the address refuses, as a real node's Pods would.
import net from 'node:net';
import type { VirtualNetwork } from '../core/virtual-network.ts';
import type { Backend } from './backends.ts';

const CHECK_TIMEOUT_MS = 1000;

function listens(backend: Backend, network: VirtualNetwork | undefined): Promise<boolean> {
  const to = network ? network.dial(backend.ip, backend.port) : { host: backend.ip, port: backend.port };
  if (!to) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({
      host: to.host,
      port: to.port,
      ...(to.localAddress ? { localAddress: to.localAddress } : {}),
    });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    // A backend too slow to answer is not known to refuse: let connections try it.
    const timer = setTimeout(() => done(true), CHECK_TIMEOUT_MS);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function anyListens(backends: Backend[], network?: VirtualNetwork): Promise<boolean> {
  if (backends.length === 0) return false;
  const results = await Promise.all(backends.map((backend) => listens(backend, network)));
  return results.some(Boolean);
}
