// The X-Forwarded-* headers Traefik adds before forwarding. Incoming X-Forwarded-* values are
// dropped first, as Traefik does for clients outside `forwardedHeaders.trustedIPs` (none here).
import type { IncomingMessage } from 'node:http';

const FORWARDED = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-forwarded-server',
  'x-forwarded-prefix',
  'x-real-ip',
];

/** Removes client-supplied forwarding headers; call before middlewares run (they may add some). */
export function dropUntrustedForwardedHeaders(req: IncomingMessage): void {
  for (const name of FORWARDED) delete req.headers[name];
}

export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function setForwardedHeaders(
  req: IncomingMessage,
  options: { tls: boolean; serverName: string; websocket?: boolean },
): void {
  const client = clientAddress(req);
  const host = req.headers.host ?? '';
  const portMatch = /:(\d+)$/.exec(host.startsWith('[') ? host.slice(host.indexOf(']') + 1) : host);
  const proto = options.websocket ? (options.tls ? 'wss' : 'ws') : options.tls ? 'https' : 'http';
  req.headers['x-forwarded-for'] = client;
  req.headers['x-forwarded-host'] = host;
  req.headers['x-forwarded-port'] = portMatch?.[1] ?? (options.tls ? '443' : '80');
  req.headers['x-forwarded-proto'] = proto;
  req.headers['x-forwarded-server'] = options.serverName;
  req.headers['x-real-ip'] = client;
}
