// The API server's upgraded connections: pods/exec, pods/attach (WebSocket, channel.k8s.io v5/v4)
// and pods/portforward (SPDY/3.1, inside a WebSocket or on the upgraded connection). The checks come
// in the real server's order, and each refusal is an HTTP answer before any upgrade, so kubectl
// prints the same lines: `pods "x" not found`, `container nope is not valid for pod x`, or the
// kubelet's plain-text `container not found ("c")` behind `unable to upgrade connection:`.
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, type WebSocket, WebSocketServer } from 'ws';
import { requestAttributes } from '../../auth/attributes.ts';
import { canStream, StreamRefused, type StreamSession } from '../../core/node-agent.ts';
import { badRequest, type KubeObject, StatusError } from '../../core/types.ts';
import type { HttpContext } from '../http/context.ts';
import { NOT_FOUND_PATH, toStatusError } from '../http/respond.ts';
import { routeResource } from '../http/router.ts';
import { bridgeChannels, CHANNEL_PROTOCOLS } from './channels.ts';
import { servePortForward } from './port-forward.ts';

export const STREAMING_SUBRESOURCES = ['exec', 'attach', 'portforward'];
const TUNNELED_PORT_FORWARD = 'SPDY/3.1+portforward.k8s.io';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

function answer(socket: Duplex, code: number, body: string, contentType: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-cache, private\r\nConnection: close\r\n\r\n${body}`,
  );
}

function refuse(socket: Duplex, error: unknown): void {
  if (error instanceof StreamRefused) {
    answer(socket, error.code, error.message, 'text/plain; charset=utf-8');
    return;
  }
  const status = toStatusError(error);
  answer(socket, status.code, JSON.stringify(status.toStatus()), 'application/json');
}

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

/** The container a request names, defaulted and checked as the API server's streamLocation does. */
function containerOf(pod: KubeObject, query: URLSearchParams): string {
  const name = pod.metadata.name ?? '';
  const names: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const asked = query.get('container') ?? '';
  if (asked === '') {
    if (names.length === 1) return names[0] as string;
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
    );
  }
  if (!names.includes(asked)) throw badRequest(`container ${asked} is not valid for pod ${name}`);
  return asked;
}

function offered(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

async function upgrade(ctx: HttpContext, req: IncomingMessage, socket: Duplex, head: Buffer) {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const user = ctx.access.authenticate(req.headers);
  ctx.access.check(user, requestAttributes(req.method ?? 'GET', url));
  const route = routeResource(url.pathname);
  if (!route?.name || route.type.kind !== 'Pod' || !STREAMING_SUBRESOURCES.includes(route.subresource ?? ''))
    throw NOT_FOUND_PATH();
  const { type, namespace = 'default', name } = route;
  const pod = ctx.rest.get(type, namespace, name);
  const query = url.searchParams;
  const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
  const protocols = offered(req);

  if (route.subresource === 'portforward') {
    if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    if (!pod.status?.podIP) throw new StreamRefused(500, `pod ${name} has no IP address yet; is it running?`);
    const current = () => {
      try {
        return ctx.rest.get(type, namespace, name);
      } catch {
        return undefined;
      }
    };
    if (websocket) {
      if (!protocols.includes(TUNNELED_PORT_FORWARD))
        throw badRequest(
          `port-forward over WebSocket speaks ${TUNNELED_PORT_FORWARD}; the client offered [${protocols.join(', ')}]`,
        );
      return wss.handleUpgrade(req, socket, head, (ws) => {
        const session = servePortForward(createWebSocketStream(ws), current);
        track(ctx, () => session.close(), ws);
      });
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n',
    );
    if (head.length > 0) socket.unshift(head);
    const session = servePortForward(socket, current);
    const end = () => session.close();
    ctx.openStreams.add(end);
    session.on('close', () => ctx.openStreams.delete(end));
    return;
  }

  const container = containerOf(pod, query);
  const command = query.getAll('command');
  if (route.subresource === 'exec' && command.length === 0)
    throw badRequest('you must specify at least 1 command');
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const agent = ctx.nodeAgent();
  if (!canStream(agent))
    throw new StreamRefused(
      500,
      `the node agent of this cluster runs no Pod processes, so there is nothing to ${route.subresource} to`,
    );
  // The container is checked before the protocol: kubectl retries a refused WebSocket over SPDY, and
  // the second answer is the one it prints (`unable to upgrade connection: container not found …`).
  const options = { container, stdin: flag(query, 'stdin'), tty: flag(query, 'tty') };
  const session: StreamSession =
    route.subresource === 'exec'
      ? await agent.exec(namespace, name, { ...options, command })
      : agent.attach(namespace, name, options);
  const protocol = protocols.find((p) => (CHANNEL_PROTOCOLS as readonly string[]).includes(p));
  if (!websocket || !protocol) {
    session.close();
    throw badRequest(
      `the sim serves ${route.subresource} over WebSocket (${CHANNEL_PROTOCOLS.join(', ')}) only, as kubectl 1.30 and newer speak it; this request asked for ${websocket ? `[${protocols.join(', ')}]` : (req.headers.upgrade ?? 'no upgrade')}`,
    );
  }
  if (socket.destroyed) return session.close();
  wss.handleUpgrade(req, socket, head, (ws) => {
    bridgeChannels(ws, session, {
      tty: options.tty,
      stdout: flag(query, 'stdout'),
      stderr: flag(query, 'stderr'),
      command: route.subresource === 'exec' ? command : undefined,
    });
    track(ctx, () => session.close(), ws);
  });
}

/** Ends the connection when the server stops; forgets it when it ends on its own. */
function track(ctx: HttpContext, close: () => void, ws: WebSocket): void {
  const end = () => {
    close();
    ws.terminate();
  };
  ctx.openStreams.add(end);
  ws.once('close', () => ctx.openStreams.delete(end));
}

/** The https server's 'upgrade' listener; whatever goes wrong is answered, never thrown. */
export function handleUpgrade(ctx: HttpContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  upgrade(ctx, req, socket, head).catch((error: unknown) => {
    if (!(error instanceof StatusError) && !(error instanceof StreamRefused))
      ctx.log(
        `sim api: upgrade ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    refuse(socket, error);
  });
}
