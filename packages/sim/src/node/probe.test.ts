import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nthAddress, randomTestNetwork } from '../core/network.ts';
import { runProbe } from './probe.ts';

const ip = nthAddress(randomTestNetwork().podCIDR, 3);
let server: http.Server;
let port = 0;
let hang: net.Server;
let hangPort = 0;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.statusCode = req.url === '/ready' ? 200 : req.url === '/moved' ? 302 : 503;
    res.setHeader('X-Got', String(req.headers['x-probe'] ?? ''));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  port = (server.address() as net.AddressInfo).port;
  hang = net.createServer((socket) => sockets.push(socket)); // accepts and never answers
  await new Promise<void>((resolve) => hang.listen(0, ip, resolve));
  hangPort = (hang.address() as net.AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hang.close(resolve));
});

const target = () => ({ podIP: ip, ports: [{ name: 'http', containerPort: port }] });

describe('runProbe', () => {
  it('counts 2xx and 3xx as success and resolves named ports', async () => {
    expect(await runProbe({ httpGet: { path: '/ready', port: 'http' } }, target())).toEqual({ ok: true });
    expect(await runProbe({ httpGet: { path: '/moved', port } }, target())).toEqual({ ok: true });
  });

  it('reports other status codes as the kubelet does', async () => {
    expect(await runProbe({ httpGet: { path: '/health', port } }, target())).toEqual({
      ok: false,
      message: 'HTTP probe failed with statuscode: 503',
    });
  });

  it('reports a refused connection with the URL', async () => {
    const closed = port === 1 ? 2 : 1;
    expect(await runProbe({ httpGet: { path: '/x', port: closed } }, target())).toEqual({
      ok: false,
      message: `Get "http://${ip}:${closed}/x": dial tcp ${ip}:${closed}: connect: connection refused`,
    });
  });

  it('times out after timeoutSeconds', async () => {
    const started = Date.now();
    const outcome = await runProbe({ httpGet: { path: '/', port: hangPort }, timeoutSeconds: 1 }, target());
    expect(outcome.message).toBe(
      `Get "http://${ip}:${hangPort}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    );
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('opens a TCP connection for tcpSocket probes', async () => {
    expect(await runProbe({ tcpSocket: { port: 'http' } }, target())).toEqual({ ok: true });
    expect((await runProbe({ tcpSocket: { port: 1 } }, target())).message).toBe(
      `dial tcp ${ip}:1: connect: connection refused`,
    );
  });

  it('says that exec probes are not supported', async () => {
    expect((await runProbe({ exec: { command: ['cat', '/tmp/healthy'] } }, target())).ok).toBe(false);
  });
});
