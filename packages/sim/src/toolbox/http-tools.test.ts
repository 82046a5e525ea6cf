import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curl } from './curl.ts';
import { memoryIo, podWorld } from './io.ts';
import { wget } from './wget.ts';

let server: http.Server;
let base: string;
let closedPort: number;
const world = podWorld({});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Seen-Header': String(req.headers['x-lab'] ?? '') });
    res.end(`hello ${req.method} ${req.url}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('curl and wget in a Pod', () => {
  it('curl prints the body, and with -i the status line and headers first', async () => {
    const io = memoryIo();
    expect(await curl(['-s', `${base}/api`], io, world)).toBe(0);
    expect(io.stdout).toBe('hello GET /api\n');
    const included = memoryIo();
    await curl(['-si', '-H', 'X-Lab: 8', `${base}/`], included, world);
    expect(included.stdout).toMatch(
      /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain\r\nX-Seen-Header: 8\r\n/,
    );
    expect(included.stdout).toMatch(/\r\n\r\nhello GET \/\n$/);
  });

  it('curl -v traces the connection and both header blocks on stderr', async () => {
    const io = memoryIo();
    await curl(['-v', '-X', 'DELETE', `${base}/x`], io, world);
    expect(io.stderr).toContain(`*   Trying 127.0.0.1:${new URL(base).port}...\n`);
    expect(io.stderr).toContain('> DELETE /x HTTP/1.1\n> Host: 127.0.0.1:');
    expect(io.stderr).toContain('> User-Agent: curl/8.11.1\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n');
    expect(io.stdout).toBe('hello DELETE /x\n');
  });

  it("curl fails with curl's own exit codes and stays quiet about it under -s", async () => {
    const refused = memoryIo();
    expect(await curl([`http://127.0.0.1:${closedPort}/`], refused, world)).toBe(7);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^curl: \\(7\\) Failed to connect to 127\\.0\\.0\\.1 port ${closedPort} after \\d+ ms: Couldn't connect to server\\n$`,
      ),
    );
    const quiet = memoryIo();
    expect(await curl(['-s', `http://127.0.0.1:${closedPort}/`], quiet, world)).toBe(7);
    expect(quiet.stderr).toBe('');
    const failing = memoryIo();
    expect(await curl(['-sSf', `${base}/missing`], failing, world)).toBe(22);
    expect(failing.stderr).toBe('curl: (22) The requested URL returned error: 404\n');
    expect(await curl(['-s', 'http://no-such-host.invalid/'], memoryIo(), world)).toBe(6);
  });

  it('wget -qO- prints the body and reports HTTP errors and refused connections like busybox', async () => {
    const io = memoryIo();
    expect(await wget(['-qO-', `${base}/hi`], io, world)).toBe(0);
    expect(io.stdout).toBe('hello GET /hi\n');
    const missing = memoryIo();
    expect(await wget(['-q', '-O', '-', `${base}/missing`], missing, world)).toBe(1);
    expect(missing.stderr).toBe('wget: server returned error: HTTP/1.1 404 Not Found\n');
    const refused = memoryIo();
    expect(await wget(['-qO-', `http://127.0.0.1:${closedPort}/`], refused, world)).toBe(1);
    expect(refused.stderr).toBe("wget: can't connect to remote host (127.0.0.1): Connection refused\n");
  });

  it('wget says that it cannot save a file instead of pretending to', async () => {
    const io = memoryIo();
    expect(await wget([`${base}/`], io, world)).toBe(1);
    expect(io.stderr).toMatch(/^wget: saving to a file is not available in this Pod .* use -O- /);
  });
});
