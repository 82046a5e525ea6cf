// A small Kubernetes API client over HTTP(S) for the controller process: credentials from a
// kubeconfig (the sim's stand-in for the mounted ServiceAccount token), JSON requests, and watch
// streams read line by line. Small on purpose: the controller needs list, watch and one PUT.
import { readFileSync } from 'node:fs';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { parse as parseYaml } from 'yaml';

export interface ApiCredentials {
  server: string;
  token?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipTlsVerify: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig is untyped YAML; fields are checked as read.
type Any = any;

const b64 = (value: string | undefined) => (value ? Buffer.from(value, 'base64').toString() : undefined);

export function loadKubeconfig(path: string): ApiCredentials {
  let doc: Any;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `expected a readable kubeconfig at ${path}, found none or invalid YAML; check $SIM_KUBECONFIG`,
      {
        cause: error,
      },
    );
  }
  const contextName = doc?.['current-context'];
  const context = (doc?.contexts ?? []).find((c: Any) => c.name === contextName)?.context;
  if (!context)
    throw new Error(`kubeconfig ${path}: expected current-context "${contextName}" to exist, found none`);
  const cluster = (doc.clusters ?? []).find((c: Any) => c.name === context.cluster)?.cluster;
  const user = (doc.users ?? []).find((u: Any) => u.name === context.user)?.user ?? {};
  if (!cluster?.server)
    throw new Error(`kubeconfig ${path}: expected cluster "${context.cluster}" with a server, found none`);
  const token =
    user.token ?? (user['token-file'] ? readFileSync(user['token-file'], 'utf8').trim() : undefined);
  return {
    server: String(cluster.server).replace(/\/+$/, ''),
    token,
    ca:
      b64(cluster['certificate-authority-data']) ??
      (cluster['certificate-authority'] ? readFileSync(cluster['certificate-authority'], 'utf8') : undefined),
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
  };
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiHttpClient {
  constructor(private readonly credentials: ApiCredentials) {}

  private open(method: string, path: string, onResponse: (res: IncomingMessage) => void): ClientRequest {
    const url = new URL(this.credentials.server + path);
    const options: RequestOptions = {
      method,
      headers: {
        accept: 'application/json',
        'user-agent': 'traefik/v3.7.9 (workshop sim)',
        ...(this.credentials.token ? { authorization: `Bearer ${this.credentials.token}` } : {}),
      },
      ...(url.protocol === 'https:'
        ? {
            ca: this.credentials.ca,
            cert: this.credentials.cert,
            key: this.credentials.key,
            rejectUnauthorized: !this.credentials.insecureSkipTlsVerify,
          }
        : {}),
      agent: false,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return send(url, options, onResponse);
  }

  /** A JSON request; non-2xx answers become ApiError with the Status message. */
  requestJson(method: string, path: string, body?: unknown): Promise<Any> {
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: Any;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(parsed);
          else
            reject(
              new ApiError(
                status,
                parsed?.message ?? `${method} ${path}: HTTP ${status} ${text.slice(0, 200)}`,
                parsed?.reason,
              ),
            );
        });
      });
      req.on('error', (error) =>
        reject(
          new Error(`${method} ${this.credentials.server}${path} failed: ${error.message}`, { cause: error }),
        ),
      );
      if (body !== undefined) {
        req.setHeader('content-type', 'application/json');
        req.end(JSON.stringify(body));
      } else req.end();
    });
  }

  /**
   * Opens a watch stream and calls onEvent per JSON line. Resolves when the stream ends (server
   * timeout, error, or abort()); rejects when the server refuses the watch.
   */
  watch(path: string, onEvent: (event: Any) => void): { done: Promise<void>; abort(): void } {
    let req: ClientRequest | undefined;
    let aborted = false;
    const done = new Promise<void>((resolve, reject) => {
      req = this.open('GET', path, (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            reject(new ApiError(res.statusCode ?? 0, Buffer.concat(chunks).toString().slice(0, 300))),
          );
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) onEvent(JSON.parse(line));
          }
        });
        res.on('end', () => resolve());
        res.on('error', () => resolve());
        res.on('close', () => resolve());
      });
      req.on('error', (error) => (aborted ? resolve() : reject(error)));
      req.end();
    });
    return {
      done,
      abort: () => {
        aborted = true;
        req?.destroy();
      },
    };
  }
}
