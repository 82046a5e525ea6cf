// The one HTTP exchange curl and wget share: resolve the name the way the Pod does (dns.lookup, which
// the Pod network shim answers from the cluster DNS), connect, send, read the whole answer. Failures
// come back classified, so each tool can print its own well-known message and exit code.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface HttpExchange {
  url: URL;
  method: string;
  /** Header lines in the order they are sent (Host first). */
  headers: Array<[string, string]>;
  body?: string;
  insecure: boolean;
  timeoutMs?: number;
  /** Called once the name is resolved and once the TCP connection stands. */
  onResolved?: (address: string) => void;
  onConnected?: (address: string, port: number, tls?: { protocol: string; cipher: string }) => void;
}

export interface HttpAnswer {
  httpVersion: string;
  statusCode: number;
  statusMessage: string;
  rawHeaders: string[];
  body: Buffer;
  remoteAddress: string;
  remotePort: number;
}

export type FailureKind = 'resolve' | 'refused' | 'timeout' | 'tls' | 'other';

export class HttpFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly address?: string,
  ) {
    super(message);
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;

export function defaultPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

async function resolve(hostname: string): Promise<string> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return bare;
  try {
    return (await dns.promises.lookup(bare, { family: 4 })).address;
  } catch (error) {
    throw new HttpFailure('resolve', (error as Error).message);
  }
}

export async function exchange(options: HttpExchange): Promise<HttpAnswer> {
  const { url } = options;
  const address = await resolve(url.hostname);
  options.onResolved?.(address);
  const port = defaultPort(url);
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  return new Promise((done, fail) => {
    const request = transport.request({
      host: address,
      port,
      method: options.method,
      path: `${url.pathname}${url.search}`,
      headers: options.headers.flat(),
      setHost: false,
      agent: false,
      ...(secure
        ? {
            servername: net.isIP(url.hostname) ? undefined : url.hostname,
            rejectUnauthorized: !options.insecure,
          }
        : {}),
    } as https.RequestOptions);
    let remote = { address, port };
    request.on('socket', (socket) => {
      const connected = () => {
        remote = { address: socket.remoteAddress ?? address, port: socket.remotePort ?? port };
        const tlsSocket = socket as import('node:tls').TLSSocket;
        const tls = secure
          ? { protocol: tlsSocket.getProtocol?.() ?? 'TLS', cipher: tlsSocket.getCipher?.()?.name ?? '' }
          : undefined;
        options.onConnected?.(address, port, tls);
      };
      socket.once(secure ? 'secureConnect' : 'connect', connected);
    });
    if (options.timeoutMs) {
      request.setTimeout(options.timeoutMs, () =>
        request.destroy(new HttpFailure('timeout', `timed out after ${options.timeoutMs} milliseconds`)),
      );
    }
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof HttpFailure) return fail(error);
      if (error.code === 'ECONNREFUSED') return fail(new HttpFailure('refused', error.message, address));
      if (error.code === 'ETIMEDOUT') return fail(new HttpFailure('timeout', error.message, address));
      if (TLS_CODES.test(error.code ?? '')) return fail(new HttpFailure('tls', error.message, address));
      fail(new HttpFailure('other', error.message, address));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => fail(new HttpFailure('other', error.message, address)));
      response.on('end', () =>
        done({
          httpVersion: response.httpVersion,
          statusCode: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? '',
          rawHeaders: response.rawHeaders,
          body: Buffer.concat(chunks),
          remoteAddress: remote.address,
          remotePort: remote.port,
        }),
      );
    });
    request.end(options.body);
  });
}

/** `Name: value` pairs of a response in the order and case the server sent them. */
export function headerLines(rawHeaders: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  return lines;
}

export function headerValue(rawHeaders: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]?.toLowerCase() === name.toLowerCase()) return rawHeaders[i + 1];
  return undefined;
}

/** Accepts `host/path` as curl and wget do: a URL without a scheme is http. */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}
