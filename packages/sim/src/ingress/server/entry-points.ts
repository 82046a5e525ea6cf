// Opens one listener per entry point: plain HTTP, or HTTPS with SNI certificates when the entry
// point has `http.tls`. The `traefik` entry point answers /ping and the API before any route.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type EntryPointConfig, parseAddress } from '../flags.ts';
import type { CertStore } from '../tls/cert-store.ts';
import { handleInternal, type InternalApiOptions } from './internal-api.ts';
import type { IngressProxy } from './proxy-handler.ts';

export interface RunningEntryPoint {
  name: string;
  tls: boolean;
  /** Where it actually listens (the port is real even when 0 was asked). */
  host: string;
  port: number;
  url: string;
}

export interface EntryPointsHandle {
  entryPoints: RunningEntryPoint[];
  close(): Promise<void>;
}

export async function startEntryPoints(options: {
  entryPoints: EntryPointConfig[];
  proxy: IngressProxy;
  certs: CertStore;
  internal: InternalApiOptions;
}): Promise<EntryPointsHandle> {
  const servers: Server[] = [];
  const upgraded = new Set<Duplex>();
  const running: RunningEntryPoint[] = [];
  const closeAll = async () => {
    for (const socket of upgraded) socket.destroy();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };

  try {
    for (const ep of options.entryPoints) {
      const context = { name: ep.name, tls: ep.tls };
      const onRequest = (req: IncomingMessage, res: ServerResponse) => {
        if (ep.name === 'traefik' && handleInternal(req, res, options.internal)) return;
        options.proxy.handleRequest(req, res, context);
      };
      const server = ep.tls
        ? createHttpsServer(
            {
              cert: options.certs.defaultPair.certPem,
              key: options.certs.defaultPair.keyPem,
              SNICallback: options.certs.sniCallback,
            },
            onRequest,
          )
        : createHttpServer(onRequest);
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        upgraded.add(socket);
        socket.on('close', () => upgraded.delete(socket));
        options.proxy.handleUpgrade(req, socket, head, context);
      });
      server.on('clientError', (_error, socket) => socket.destroy());
      const { host, port } = parseAddress(ep.address);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => {
          const where = `${host ?? '*'}:${port}`;
          const hint = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${error.code})`;
          reject(
            new Error(
              `entry point ${ep.name}: address ${where} ${hint}; choose another --entryPoints.${ep.name}.address`,
              { cause: error },
            ),
          );
        });
        // Without a host Node listens on every interface; inside a sim Pod the network preload binds the Pod IP.
        if (host) server.listen(port, host, () => resolve());
        else server.listen(port, () => resolve());
      });
      servers.push(server);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      running.push({
        name: ep.name,
        tls: ep.tls,
        host: address.address,
        port: address.port,
        url: `${ep.tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
      });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return { entryPoints: running, close: closeAll };
}
