// One HTTP request on a fresh connection (no keep-alive, no agent pool), so that every request
// makes kube-proxy choose a backend anew. Reports who answered when it was this backend.
import http from 'node:http';
import type { RequestOptions } from 'node:https';

export interface ProbeOptions {
  timeoutMs: number;
  /** Overrides the Host header (and TLS server name), e.g. to exercise Ingress host rules. */
  host?: string;
  /** Accept any TLS certificate (self-signed lab certificates). */
  insecure?: boolean;
  userAgent?: string;
}

export interface ProbeResult {
  status: number | null;
  ms: number;
  /** The address the connection went to (e.g. the Service's ClusterIP). */
  address: string | null;
  /** Set when the body is this backend's JSON: the Pod and application that answered. */
  pod: string | null;
  app: string | null;
  /** The start of a body that is not this backend's JSON, to tell e.g. Traefik's 404 apart. */
  snippet?: string;
  error?: { code: string; message: string };
}

const MAX_BODY_BYTES = 64 * 1024;
const SNIPPET_CHARS = 200;

export async function probeOnce(url: URL, options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  // https (and with it tls) is loaded only when needed: most probes are plain http and start-up
  // time of the image matters.
  const transport = url.protocol === 'https:' ? await import('node:https') : http;
  const requestOptions: RequestOptions = {
    method: 'GET',
    agent: false,
    headers: {
      connection: 'close',
      accept: 'application/json, */*;q=0.5',
      'user-agent': options.userAgent ?? 'workshop-backend-toolbox',
      ...(options.host ? { host: options.host } : {}),
    },
    ...(url.protocol === 'https:'
      ? {
          rejectUnauthorized: !options.insecure,
          ...(options.host ? { servername: stripPort(options.host) } : {}),
        }
      : {}),
  };

  return new Promise((resolve) => {
    let address: string | null = null;
    let settled = false;
    const finish = (result: Omit<ProbeResult, 'ms' | 'address'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, ms: ms(), address });
    };
    const fail = (code: string, message: string, status: number | null = null) =>
      finish({ status, pod: null, app: null, error: { code, message } });

    const req = transport.request(url, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish(readAnswer(res, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', (err: NodeJS.ErrnoException) =>
        fail(err.code ?? 'ERESPONSE', err.message, res.statusCode ?? null),
      );
    });
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        address = socket.remoteAddress ?? null;
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'EREQUEST', err.message));
    const timer = setTimeout(() => {
      fail('ETIMEDOUT', `no complete answer within ${options.timeoutMs} ms`);
      req.destroy();
    }, options.timeoutMs);
    req.end();
  });
}

function readAnswer(res: http.IncomingMessage, body: string): Omit<ProbeResult, 'ms' | 'address'> {
  const status = res.statusCode ?? 0;
  try {
    const parsed = JSON.parse(body) as { pod?: unknown; app?: unknown };
    if (typeof parsed?.pod === 'string' && typeof parsed.app === 'string') {
      return { status, pod: parsed.pod, app: parsed.app };
    }
  } catch {
    // Not JSON: some other server (an ingress controller's 404 page, say) answered.
  }
  // This backend names itself in headers on every answer, its 404s included.
  const pod = res.headers['x-pod-name'];
  const app = res.headers['x-app-name'];
  return {
    status,
    pod: typeof pod === 'string' ? pod : null,
    app: typeof app === 'string' ? app : null,
    snippet: body.slice(0, SNIPPET_CHARS),
  };
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':')[0] ?? host;
}
