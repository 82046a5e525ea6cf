// The request path through the controller: match a route, run its middlewares, pick a Pod by
// round robin (Traefik's wrr with equal weights) and stream the request to it with http-proxy.
// Nothing matched → `404 page not found`; a route without ready endpoints → 503; an unreachable Pod → 502.
import { Agent as HttpAgent, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import httpProxy from 'http-proxy';
import type { Logger } from '../log.ts';
import type { CompiledMiddleware, MiddlewareRequest } from '../middlewares/index.ts';
import { matchRoute, type Route, type RouteTable } from '../routing/index.ts';
import { type AccessLogEntry, formatAccessLog } from './access-log.ts';
import { clientAddress, dropUntrustedForwardedHeaders, setForwardedHeaders } from './forwarded-headers.ts';

export interface ProxyOptions {
  table: () => RouteTable;
  strictPrefix: boolean;
  /** X-Forwarded-Server: the Pod's hostname. */
  serverName: string;
  log: Logger;
  accessLog: boolean;
}

export interface EntryPointContext {
  name: string;
  tls: boolean;
}

interface Pending {
  responseHeaders: Record<string, string>;
  route?: Route;
  server?: string;
}

function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

export class IngressProxy {
  private readonly proxy = httpProxy.createProxyServer({
    xfwd: false,
    changeOrigin: false,
    secure: false,
    ws: true,
  });
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, rejectUnauthorized: false });
  private readonly counters = new Map<string, number>();
  private readonly pending = new WeakMap<IncomingMessage, Pending>();
  private requestCount = 0;

  constructor(private readonly options: ProxyOptions) {
    this.proxy.on('proxyRes', (proxyRes, req) => {
      const state = this.pending.get(req);
      if (!state) return;
      for (const [name, value] of Object.entries(state.responseHeaders)) {
        if (value === '') delete proxyRes.headers[name.toLowerCase()];
        else proxyRes.headers[name.toLowerCase()] = value;
      }
    });
  }

  /** The next server of a route, in round-robin order; undefined when it has none. */
  private pickServer(route: Route): string | undefined {
    const servers = route.target.servers;
    if (servers.length === 0) return undefined;
    const n = this.counters.get(route.target.key) ?? 0;
    this.counters.set(route.target.key, (n + 1) % 1_000_000_007);
    return servers[n % servers.length];
  }

  /**
   * Routes and runs middlewares. Returns the middleware-rewritten request, or undefined after it has
   * answered the request itself (404, redirect, 503).
   */
  private prepare(
    req: IncomingMessage,
    entryPoint: EntryPointContext,
    answer: (status: number, body: string, headers?: Record<string, string>) => void,
  ): { state: Pending; route: Route; server: string } | undefined {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q);
    const state: Pending = { responseHeaders: {} };
    this.pending.set(req, state);
    const route = matchRoute(
      this.options.table(),
      { host: req.headers.host, path, entryPoint: entryPoint.name, tls: entryPoint.tls },
      { strictPrefix: this.options.strictPrefix },
    );
    if (!route) {
      answer(404, '404 page not found\n');
      return undefined;
    }
    state.route = route;
    dropUntrustedForwardedHeaders(req);
    const mwRequest: MiddlewareRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      headers: req.headers,
      scheme: entryPoint.tls ? 'https' : 'http',
      host: req.headers.host ?? '',
      responseHeaders: state.responseHeaders,
    };
    const table = this.options.table();
    for (const ref of route.middlewares) {
      const compiled = table.middlewares.get(ref) as CompiledMiddleware | undefined;
      // The table only keeps routes whose middlewares compiled; a race with an update is answered as Traefik would.
      if (!compiled?.ok) {
        answer(404, '404 page not found\n');
        return undefined;
      }
      const direct = compiled.handler(mwRequest);
      if (direct) {
        answer(direct.status, direct.body, direct.headers);
        return undefined;
      }
    }
    const server = this.pickServer(route);
    if (!server) {
      answer(503, 'no available server\n');
      return undefined;
    }
    state.server = server;
    req.url = mwRequest.path + mwRequest.query;
    setForwardedHeaders(req, { tls: entryPoint.tls, serverName: this.options.serverName });
    return { state, route, server };
  }

  handleRequest(req: IncomingMessage, res: ServerResponse, entryPoint: EntryPointContext): void {
    const start = new Date();
    const originalUrl = req.url ?? '/';
    const count = ++this.requestCount;
    let size = 0;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    // Count body bytes for the access log without buffering the stream.
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) size += Buffer.byteLength(chunk as string | Buffer);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') size += Buffer.byteLength(chunk as string | Buffer);
      return (end as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof res.end;
    if (this.options.accessLog) {
      res.on('close', () => {
        const state = this.pending.get(req);
        const entry: AccessLogEntry = {
          client: clientAddress(req),
          start,
          method: req.method ?? '-',
          path: originalUrl,
          protocol: `HTTP/${req.httpVersion}`,
          status: res.statusCode,
          size,
          referer: req.headers.referer,
          userAgent: req.headers['user-agent'],
          count,
          router: state?.route?.name,
          server: state?.server,
          durationMs: Date.now() - start.getTime(),
        };
        this.options.log.raw(formatAccessLog(entry));
      });
    }

    const prepared = this.prepare(req, entryPoint, (status, body, headers) =>
      sendText(res, status, body, headers),
    );
    if (!prepared) return;
    const agent = prepared.server.startsWith('https:') ? this.httpsAgent : this.httpAgent;
    this.proxy.web(req, res, { target: prepared.server, agent }, (error: NodeJS.ErrnoException) => {
      this.options.log.debug(`'502 Bad Gateway' caused by: ${error.message}`, { server: prepared.server });
      const timedOut = error.code === 'ETIMEDOUT' || error.code === 'ESOCKETTIMEDOUT';
      sendText(res, timedOut ? 504 : 502, timedOut ? 'Gateway Timeout' : 'Bad Gateway');
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, entryPoint: EntryPointContext): void {
    const answer = (status: number, body: string) => {
      socket.end(
        `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Error'}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    const prepared = this.prepare(req, entryPoint, answer);
    if (!prepared) return;
    req.headers['x-forwarded-proto'] = entryPoint.tls ? 'wss' : 'ws';
    this.proxy.ws(req, socket, head, { target: prepared.server }, () => socket.destroy());
  }

  close(): void {
    this.proxy.close();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
