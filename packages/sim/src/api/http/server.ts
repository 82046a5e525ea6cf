// The sim's API server: HTTPS (self-signed) on 127.0.0.1, bearer-token auth (the admin token and
// ServiceAccount tokens), RBAC, discovery, OpenAPI v3, /version and health endpoints, and the
// resource routes. Every failure is answered as a
// metav1.Status; nothing a client sends can stop the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAccessControl } from '../../auth/access.ts';
import { requestAttributes } from '../../auth/attributes.ts';
import { tokenRequestPath } from '../../auth/tokens.ts';
import type { NodeAgent } from '../../core/node-agent.ts';
import type { RestStorage } from '../rest/types.ts';
import { handleUpgrade } from '../streaming/upgrade.ts';
import { parseBody, readBody } from './body.ts';
import type { HttpContext } from './context.ts';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery.ts';
import { documentForPath, openApiRoot } from './openapi.ts';
import { handleResource } from './resource-handler.ts';
import { NOT_FOUND_PATH, sendError, sendJson, toStatusError } from './respond.ts';
import { routeResource } from './router.ts';
import { generateServingCertificate, type ServingCertificate } from './serving-cert.ts';

export interface ApiServerOptions {
  rest: RestStorage;
  token: string;
  /** Loopback only; 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  nodeAgent?: () => NodeAgent | undefined;
  log?: (line: string) => void;
  /** The serving certificate; a fresh self-signed one for `host` when absent. */
  certificate?: ServingCertificate;
}

export interface ApiServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

function sendText(res: ServerResponse, code: number, text: string): void {
  res.statusCode = code;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/**
 * An OpenAPI v2 document without definitions. kubectl falls back to it for client-side validation
 * of kinds the v3 documents do not list; with no schema there it skips validation, so an unserved
 * apiVersion reaches the resource mapper and kubectl says `no matches for kind …`, as against a real
 * server (a 404 here would turn that into "error validating data: … could not find the requested resource").
 */
function sendOpenApiV2(req: IncomingMessage, res: ServerResponse): void {
  if (/protobuf/.test(req.headers.accept ?? '')) {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    res.end(); // the empty protobuf message: a Document with no fields set
    return;
  }
  sendJson(res, 200, {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: {},
    definitions: {},
  });
}

async function dispatch(ctx: HttpContext, serverAddress: string, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = req.method ?? 'GET';

  // Anonymous access to version and health, as the system:public-info-viewer role allows.
  if (path === '/version' && method === 'GET') return sendJson(res, 200, SERVER_VERSION);
  if (HEALTH.has(path) || [...HEALTH].some((h) => path.startsWith(`${h}/`))) return sendText(res, 200, 'ok');

  const user = ctx.access.authenticate(req.headers);
  ctx.access.check(user, requestAttributes(method, url));
  const tokenRequest = method === 'POST' ? tokenRequestPath(url.pathname) : undefined;
  if (tokenRequest) {
    const body = parseBody(await readBody(req), req.headers['content-type'], 'TokenRequest');
    return sendJson(res, 201, ctx.access.tokens.request(tokenRequest.namespace, tokenRequest.name, body));
  }
  if (method === 'GET') {
    if (path === '/api') return sendJson(res, 200, apiVersions(serverAddress));
    if (path === '/apis') return sendJson(res, 200, apiGroupList());
    if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot());
    if (path === '/openapi/v2') return sendOpenApiV2(req, res);
    if (path.startsWith('/openapi/v3/')) {
      const doc = documentForPath(path.slice('/openapi/v3/'.length));
      if (!doc) throw NOT_FOUND_PATH();
      return sendJson(res, 200, doc);
    }
    const parts = path.split('/').slice(1);
    if (parts[0] === 'api' && parts.length === 2) {
      const list = apiResourceList('', parts[1] ?? '');
      if (list) return sendJson(res, 200, list);
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const group = apiGroup(parts[1] ?? '');
      if (group) return sendJson(res, 200, group);
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const list = apiResourceList(parts[1] ?? '', parts[2] ?? '');
      if (list) return sendJson(res, 200, list);
    }
  }
  const route = routeResource(url.pathname);
  if (!route) throw NOT_FOUND_PATH();
  await handleResource(ctx, req, res, route, url, user);
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.error(line));
  const ctx: HttpContext = {
    rest: options.rest,
    nodeAgent: options.nodeAgent ?? (() => undefined),
    log,
    openStreams: new Set(),
    access: createAccessControl({ adminToken: options.token, rest: options.rest }),
  };
  let serverAddress = `${host}:0`;
  const certificate =
    options.certificate ??
    generateServingCertificate({
      ips: [host],
      dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    });
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    dispatch(ctx, serverAddress, req, res).catch((error: unknown) => {
      const status = toStatusError(error);
      if (status.code >= 500)
        log(
          `sim api: ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      try {
        if (res.headersSent) res.end();
        else sendError(res, status);
      } catch {
        res.destroy();
      }
      // Drain what the client still sends, so it sees the answer instead of a reset.
      req.resume();
    });
  });
  // exec, attach and port-forward switch protocols (WebSocket, SPDY) instead of answering.
  server.on('upgrade', (req, socket, head) => handleUpgrade(ctx, req, socket, head));
  // A failed TLS handshake or garbage on the wire costs that one connection, never the server.
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `port ${options.port} on ${host} is already in use by another program; pass --api-port to choose another`,
            { cause: error },
          ),
        );
      } else
        reject(
          new Error(`the API server could not listen on ${host}:${options.port ?? 0}: ${error.message}`, {
            cause: error,
          }),
        );
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `${host}:${port}`;
  return {
    url: `https://${host}:${port}`,
    host,
    port,
    close: async () => {
      for (const end of [...ctx.openStreams]) end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
