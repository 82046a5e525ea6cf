import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeOnce } from './http-probe.ts';

const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<URL> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('probeOnce', () => {
  it('asks the server to close the connection after answering', async () => {
    let connectionHeader: string | undefined;
    const url = await serve((req, res) => {
      connectionHeader = req.headers.connection;
      res.end(JSON.stringify({ pod: 'p', app: 'a' }));
    });
    const result = await probeOnce(url, { timeoutMs: 2000 });
    expect(connectionHeader).toBe('close');
    expect(result).toMatchObject({ status: 200, pod: 'p', app: 'a', address: '127.0.0.1' });
  });

  it('gives up after timeoutMs with ETIMEDOUT', async () => {
    const url = await serve(() => {
      // Never answers.
    });
    const started = Date.now();
    const result = await probeOnce(url, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({
      status: null,
      pod: null,
      error: { code: 'ETIMEDOUT', message: 'no complete answer within 200 ms' },
    });
  });

  it('ignores JSON that is not from this backend', async () => {
    const url = await serve((_req, res) => res.end('{"status":"UP"}'));
    expect(await probeOnce(url, { timeoutMs: 2000 })).toMatchObject({
      status: 200,
      pod: null,
      app: null,
      snippet: '{"status":"UP"}',
    });
  });

  it("names the Pod from this backend's headers when the body is not its hello JSON", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(404, {
        'x-app-name': 'hello-world',
        'x-pod-name': 'hw-1',
        'content-type': 'application/json',
      });
      res.end('{"status":404,"error":"Not Found","path":"/kubex"}');
    });
    expect(await probeOnce(url, { timeoutMs: 2000 })).toMatchObject({
      status: 404,
      pod: 'hw-1',
      app: 'hello-world',
    });
  });
});
