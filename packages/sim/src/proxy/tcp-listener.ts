// One kube-proxy socket: accepts TCP connections on an address and splices each one to the backend
// that `choose` names. With no backend the accepted connection is reset at once: iptables REJECTs
// the SYN (connection refused); a user-space proxy can only reset, which clients see as ECONNRESET,
// so the proxier keeps a Service address closed while none of its backends listens (proxier.ts) and
// `onAllRefused` tells it when the backends stopped listening, so that only that one connection is
// reset and the next ones are refused.
// A backend that refuses the connection, or resets it before it is established, is skipped for
// another one, as Kubernetes' user-space proxier did (TryConnectEndpoints): the kubelet signals a
// deleted Pod in the same turn that the endpoint controllers start removing it, so without this a
// connection that kube-proxy had just sent to that Pod would be lost, and a graceful delete behind
// a readiness probe would not be lossless.
import net from 'node:net';
import type { VirtualNetwork } from '../core/virtual-network.ts';
import type { Backend } from './backends.ts';

export interface TcpListener {
  readonly host: string;
  readonly port: number;
  /** Stops accepting; open connections keep flowing (like conntrack entries) unless `destroy` is set. */
  close(options?: { destroy?: boolean }): Promise<void>;
}

/** Who may connect and where the connection to the backend comes from (kube-proxy's NAT rules). */
export interface SourcePolicy {
  /** False turns the caller away (a ClusterIP called from the host). */
  admit(clientIP: string): boolean;
  /** The address the backend sees: the caller's (no NAT) or the node's (masquerade). */
  source(clientIP: string): string | undefined;
}

/** Picks a backend for a new connection; `exclude` holds the `ip:port` of backends that refused it. */
export type ChooseBackend = (clientIP: string, exclude?: ReadonlySet<string>) => Backend | undefined;

export function backendKey(backend: Backend): string {
  return `${backend.ip}:${backend.port}`;
}

export class ListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`could not listen on ${host}:${port} (${code ?? 'unknown error'}): ${listenHint(code, port)}`, {
      cause,
    });
    this.name = 'ListenError';
  }
}

export function listenHint(code: string | undefined, port: number): string {
  if (code === 'EACCES') {
    return `ports below 1024 need root or a lower net.ipv4.ip_unprivileged_port_start (e.g. sudo sysctl net.ipv4.ip_unprivileged_port_start=${port})`;
  }
  if (code === 'EADDRINUSE') return 'another program is already listening there';
  if (code === 'EADDRNOTAVAIL')
    return 'the address is not on this machine (addresses mode needs 127.0.0.0/8 on lo; SIM_NETWORK_MODE=ports works without it)';
  return 'see the cause for details';
}

/** Splices two sockets; either side's end or error closes the other. */
export function splice(client: net.Socket, upstream: net.Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  upstream.on('error', () => (client.destroyed ? undefined : client.resetAndDestroy()));
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

/**
 * Listens on host:port. With a network in ports mode a virtual host listens on 127.0.0.1 at an
 * ephemeral port (registered in the port table) and backends are dialled through the table.
 */
export interface ListenOptions {
  network?: VirtualNetwork;
  policy?: SourcePolicy;
  /** Every backend refused a connection: none listens any more. */
  onAllRefused?: () => void;
}

export async function listenTcp(
  host: string,
  port: number,
  choose: ChooseBackend,
  { network, policy, onAllRefused }: ListenOptions = {},
): Promise<TcpListener> {
  const open = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    const clientIP = client.remoteAddress ?? '';
    if (policy && !policy.admit(clientIP)) {
      // The handshake is done before the caller's address is known: reset it before any byte.
      client.resetAndDestroy();
      return;
    }
    const localAddress = policy?.source(clientIP);
    const refused = new Set<string>();
    const attempt = (backend: Backend | undefined) => {
      if (!backend || client.destroyed) {
        if (!backend && refused.size > 0) onAllRefused?.();
        client.resetAndDestroy();
        return;
      }
      const to = network ? network.dial(backend.ip, backend.port) : { host: backend.ip, port: backend.port };
      if (!to) {
        // Nothing listens there (ports mode): the same as a refused connection.
        refused.add(backendKey(backend));
        attempt(choose(clientIP, refused));
        return;
      }
      const from = to.localAddress === undefined ? undefined : (localAddress ?? to.localAddress);
      const upstream = net.connect({
        host: to.host,
        port: to.port,
        allowHalfOpen: true,
        ...(from ? { localAddress: from } : {}),
      });
      open.add(upstream);
      upstream.on('close', () => open.delete(upstream));
      const clientGone = () => upstream.destroy();
      const failed = (error: NodeJS.ErrnoException) => {
        client.off('close', clientGone);
        // A reset before 'connect' means the backend closed its listening socket with this
        // connection still in the accept queue: it never reached the program, so nothing of the
        // client's (paused) request was sent and another backend can take it, as for a refusal.
        if (error.code !== 'ECONNREFUSED' && error.code !== 'ECONNRESET') {
          client.resetAndDestroy();
          return;
        }
        refused.add(backendKey(backend));
        attempt(choose(clientIP, refused));
      };
      client.once('close', clientGone);
      upstream.once('error', failed);
      upstream.once('connect', () => {
        upstream.off('error', failed);
        client.off('close', clientGone);
        splice(client, upstream);
        client.resume();
      });
    };
    attempt(choose(clientIP));
  });
  const bind = network?.bindAddress(host, port) ?? { host, port };
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ListenError(host, port, error.code, error)),
    );
    server.listen({ host: bind.host, port: bind.port, exclusive: true }, () => resolve());
  });
  const realPort = (server.address() as net.AddressInfo).port;
  const virtualPort = port || realPort;
  network?.register(host, virtualPort, realPort);
  return {
    host,
    port: virtualPort,
    close(options = {}) {
      network?.unregister(host, virtualPort);
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (options.destroy) for (const socket of open) socket.destroy();
      });
    },
  };
}
