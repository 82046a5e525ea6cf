import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTry, tryUrl } from './try-url.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/app') {
      res.setHeader('X-App-Name', 'hello-world');
      res.setHeader('X-Pod-Name', 'hello-world-abc');
      res.end(`host=${req.headers.host}`);
    } else {
      res.statusCode = 404;
      res.end('404 page not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('tryUrl', () => {
  it('names the app and Pod that answered, from the backend headers', async () => {
    const result = await tryUrl(`${base}/app`, { host: 'myapp.example.com' });
    expect(result).toEqual({ url: `${base}/app`, status: 200, app: 'hello-world', pod: 'hello-world-abc' });
    expect(describeTry(result)).toBe(`GET ${base}/app → 200 from hello-world-abc (hello-world)`);
  });

  it('reports an answer without the headers as a bare status', async () => {
    const result = await tryUrl(`${base}/kubex`);
    expect(result.app).toBeUndefined();
    expect(describeTry(result)).toBe(`GET ${base}/kubex → 404`);
  });

  it('reports a refused connection by its code instead of throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await tryUrl(`http://127.0.0.1:${port}/`);
    expect(result.error).toBe('ECONNREFUSED');
    expect(describeTry(result)).toBe(`GET http://127.0.0.1:${port}/ → no answer (ECONNREFUSED)`);
  });
});
