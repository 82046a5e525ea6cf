// The hello and echo endpoints: which Pod answered, and exactly what reached it (host, path,
// forwarding headers) — what the rewrite and host-routing lessons look at.
import { type Request, type Response, Router } from 'express';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { queryInteger } from '../web/query-params.ts';
import { requestPath } from '../web/spring-error.ts';

export const MAX_DELAY_MS = 10_000;

/** Headers proxies and ingress controllers add; Traefik's StripPrefix/ReplacePath set the last two. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-forwarded-server',
  'x-forwarded-prefix',
  'x-replaced-path',
  'x-real-ip',
] as const;

export interface RequestInfo {
  method: string;
  host: string | null;
  path: string;
  originalUrl: string;
  remoteAddress: string | null;
  forwarded: Record<string, string>;
}

export function describeRequest(req: Request): RequestInfo {
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDING_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method,
    host: req.headers.host ?? null,
    path: requestPath(req),
    originalUrl: req.originalUrl,
    remoteAddress: req.socket.remoteAddress ?? null,
    forwarded,
  };
}

export function helloRoutes(config: Config, log: Logger): Router {
  const router = Router();

  const answer = (kind: 'hello' | 'echo') => async (req: Request, res: Response) => {
    const delayMs = queryInteger(req, 'delayMs', { min: 0, max: MAX_DELAY_MS });
    if (delayMs) {
      // Logged on arrival, so that `kubectl logs` shows the slow request is in flight (graceful
      // shutdown lesson) before its answer's line appears.
      log.info(`Holding the answer to ${req.method} ${req.originalUrl} for ${delayMs} ms`);
      await delay(delayMs, res);
    }
    if (res.destroyed) return;
    const pod = config.pod;
    res.json({
      message:
        kind === 'hello'
          ? `Hello from ${pod.name} (${config.appName} v${config.version})`
          : `Echo from ${pod.name}: ${req.method} ${requestPath(req)}`,
      app: config.appName,
      version: config.version,
      pod: pod.name,
      podIP: pod.ip,
      node: pod.node,
      namespace: pod.namespace,
      timestamp: new Date().toISOString(),
      ...(delayMs === undefined ? {} : { delayMs }),
      request: describeRequest(req),
    });
  };

  // /v1/hello is what the backend sees after the rewrite lesson strips /api at the edge.
  router.get(['/api/v1/hello', '/v1/hello'], answer('hello'));
  // Echo any path with an `echo` segment (/echo/x, /api/v1/echo/x, /kube/echo), whatever prefix
  // an Ingress rule or a rewrite put in front of it.
  router.all('{/*prefix}/echo{/*rest}', answer('echo'));
  return router;
}

/** Waits, but stops early when the client goes away, so an abandoned slow request holds nothing. */
function delay(ms: number, res: Response): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    // Before the answer is sent, 'close' on the response means the connection went away.
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}
