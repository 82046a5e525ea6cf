// One HTTP request from the host, for the labs' own scripts: what answered (status, the backend's
// X-App-Name/X-Pod-Name headers) or why nothing did. Never throws; a setup.ts only reports it.
import { request } from 'node:http';

export interface TryResult {
  url: string;
  status?: number;
  app?: string;
  pod?: string;
  /** Why there was no answer, e.g. `ECONNREFUSED`. */
  error?: string;
}

export function tryUrl(url: string, options: { host?: string; timeoutMs?: number } = {}): Promise<TryResult> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        agent: false,
        headers: options.host ? { host: options.host } : {},
        timeout: options.timeoutMs ?? 3_000,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            url,
            status: res.statusCode,
            app: header(res.headers['x-app-name']),
            pod: header(res.headers['x-pod-name']),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ url, error: error.code ?? error.message }));
    req.end();
  });
}

/** `GET http://127.0.0.1:30000/api/v1/hello → 200 from backend-app-5d9c-x2 (backend-app)` */
export function describeTry(result: TryResult): string {
  const where = `GET ${result.url}`;
  if (result.error) return `${where} → no answer (${result.error})`;
  const who = result.pod ? ` from ${result.pod}${result.app ? ` (${result.app})` : ''}` : '';
  return `${where} → ${result.status}${who}`;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
