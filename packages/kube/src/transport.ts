// Raw HTTP to the API server with the kubeconfig's credentials and TLS settings. Objects travel as
// plain JSON (never through client-node's typed serializers, which drop unknown fields), so the
// server's strict field validation sees exactly what the learner wrote.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, parseStatus } from './api-error.ts';

export interface RequestOptions {
  method?: string;
  /** Path and query, e.g. `/api/v1/namespaces/default/pods?labelSelector=app%3Dx`. */
  path: string;
  body?: unknown;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class KubeTransport {
  readonly server: string;
  private readonly kc: KubeConfig;
  private prepared: Promise<https.RequestOptions> | undefined;

  constructor(kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster; pass a context that exists');
    this.kc = kc;
    this.server = cluster.server.replace(/\/+$/, '');
  }

  /** Sends a request and returns the response whatever its status. */
  async raw(options: RequestOptions): Promise<RawResponse> {
    const base = await this.baseOptions();
    const url = new URL(this.server + options.path);
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string' || Buffer.isBuffer(options.body)
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      ...(base.headers as Record<string, string> | undefined),
      Accept: options.accept ?? 'application/json',
      ...options.headers,
    };
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = send(
        url,
        { ...base, method: options.method ?? 'GET', headers, timeout: options.timeoutMs ?? 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer from ${this.server} within ${options.timeoutMs ?? 30_000} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          Object.assign(
            new Error(`cannot reach the API server at ${this.server} (${error.code ?? error.message})`, {
              cause: error,
            }),
            {
              code: error.code,
            },
          ),
        );
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Sends a request; a non-2xx answer becomes a KubeApiError carrying the server's Status message. */
  async json<T = unknown>(options: RequestOptions): Promise<T> {
    const res = await this.raw(options);
    if (res.status < 200 || res.status >= 300) {
      const status = parseStatus(res.body);
      const fallback = `${options.method ?? 'GET'} ${options.path} answered ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
      throw new KubeApiError(res.status, status, fallback);
    }
    return (res.body ? JSON.parse(res.body) : undefined) as T;
  }

  private baseOptions(): Promise<https.RequestOptions> {
    this.prepared ??= (async () => {
      const opts: https.RequestOptions = {};
      await this.kc.applyToHTTPSOptions(opts);
      return opts;
    })();
    return this.prepared;
  }
}
