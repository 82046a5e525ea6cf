// Requests from the host, the way a learner's curl goes: to a NodePort or to the ingress entry point,
// one new connection per request (kube-proxy picks a backend per connection, not per request).
import http from 'node:http';
import https from 'node:https';
import type { CheckEnv } from '../env.ts';
import { type Answer, summarize, type TrafficResult } from './traffic.ts';

export interface HostFetchOptions {
  /** Requests to send (default 1; 60 for distribution checks). */
  count?: number;
  /** Host header; for https:// also the TLS server name (SNI). */
  host?: string;
  /** Per-request timeout (default 3000 ms). */
  timeoutMs?: number;
  /** Requests in flight at once (default 6). */
  concurrency?: number;
}

/** One GET on its own connection; never throws (a failure is an Answer with `error`). */
export function getOnce(
  url: string,
  options: { host?: string; timeoutMs?: number } = {},
): Promise<Answer & { body: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve) => {
    const headers: Record<string, string> = { connection: 'close' };
    if (options.host) headers.host = options.host;
    const req = send(
      target,
      {
        agent: false,
        headers,
        timeout: options.timeoutMs ?? 3000,
        // The workshop's certificates are self-signed; which one is served is checked apart.
        rejectUnauthorized: false,
        servername: options.host && !/^[\d.]+$/.test(options.host) ? options.host : undefined,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on('end', () => {
          const header = (name: string) => {
            const v = res.headers[name];
            return Array.isArray(v) ? v[0] : v;
          };
          resolve({
            status: res.statusCode ?? 0,
            pod: header('x-pod-name'),
            app: header('x-app-name'),
            body,
          });
        });
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ status: 0, error: error.code ?? error.message, body: '' }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, error: error.code ?? error.message, body: '' }),
    );
    req.end();
  });
}

/** Sends `count` GETs to `url` from the host and summarizes who answered. */
export async function fetchFromHost(url: string, options: HostFetchOptions = {}): Promise<TrafficResult> {
  const count = options.count ?? 1;
  const answers: Answer[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const { body: _body, ...answer } = await getOnce(url, options);
      answers[i] = answer;
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, count) }, worker));
  return summarize(`GET ${url}${options.host ? ` (Host: ${options.host})` : ''}`, answers);
}

/** `http://<nodePortHost>:<port><path>` */
export function nodePortUrl(ctx: CheckEnv, port: number, path = '/'): string {
  const host = ctx.entryPoints.nodePortHost.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The ingress entry point URL for a path: `http://127.0.0.1:8080/kube`. */
export function entryPointUrl(ctx: CheckEnv, path = '/', scheme: 'http' | 'https' = 'http'): string {
  const base = ctx.entryPoints[scheme].replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
