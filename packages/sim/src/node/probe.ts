// One probe attempt, as the kubelet's prober does it: httpGet (2xx/3xx is success, TLS unverified)
// or tcpSocket against the Pod IP, with the kubelet's failure messages.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { DialTarget } from '../core/virtual-network.ts';

export interface ProbeSpec {
  httpGet?: {
    path?: string;
    port: number | string;
    host?: string;
    scheme?: 'HTTP' | 'HTTPS';
    httpHeaders?: Array<{ name: string; value: string }>;
  };
  tcpSocket?: { port: number | string; host?: string };
  exec?: { command?: string[] };
  grpc?: { port: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface ProbeTarget {
  podIP: string;
  ports: Array<{ name?: string; containerPort: number }>;
  /** Where a connection to (host, port) really goes (ports mode); undefined = nothing listens. */
  /** Where the node's probe connection really goes, and from which address (the node IP). */
  dial?: (host: string, port: number) => DialTarget | undefined;
}

export interface ProbeOutcome {
  ok: boolean;
  /** Why it failed, as the kubelet words it (after `Readiness probe failed: `). */
  message?: string;
}

function resolvePort(port: number | string, target: ProbeTarget): number | string {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const found = target.ports.find((p) => p.name === port);
  return found ? found.containerPort : `unknown port "${port}"`;
}

function dialError(code: string | undefined, host: string, port: number): string {
  const address = `${host}:${port}`;
  if (code === 'ECONNREFUSED') return `dial tcp ${address}: connect: connection refused`;
  if (code === 'ECONNRESET') return `read tcp ${address}: read: connection reset by peer`;
  if (code === 'EHOSTUNREACH') return `dial tcp ${address}: connect: no route to host`;
  return `dial tcp ${address}: ${code ?? 'error'}`;
}

export function runProbe(spec: ProbeSpec, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = (spec.timeoutSeconds ?? 1) * 1000;
  if (spec.httpGet) {
    const port = resolvePort(spec.httpGet.port, target);
    if (typeof port === 'string')
      return Promise.resolve({ ok: false, message: `${port} in the container's ports` });
    const scheme = (spec.httpGet.scheme ?? 'HTTP').toLowerCase();
    const host = spec.httpGet.host || target.podIP;
    let path = spec.httpGet.path ?? '/';
    if (!path.startsWith('/')) path = `/${path}`;
    const url = `${scheme}://${host}:${port}${path}`;
    const to = target.dial ? target.dial(host, port) : { host, port };
    if (!to)
      return Promise.resolve({
        ok: false,
        message: `Get "${url}": ${dialError('ECONNREFUSED', host, port)}`,
      });
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.33', Accept: '*/*' };
    // The Host header names the address the probe is for, also when ports mode dials another one.
    if (to.host !== host || to.port !== port)
      headers.Host = port === (scheme === 'https' ? 443 : 80) ? host : `${host}:${port}`;
    for (const header of spec.httpGet.httpHeaders ?? []) headers[header.name] = header.value;
    return new Promise((resolve) => {
      const request = (scheme === 'https' ? https : http).request(
        `${scheme}://${to.host}:${to.port}${path}`,
        {
          method: 'GET',
          headers,
          agent: false,
          rejectUnauthorized: false,
          timeout: timeoutMs,
          ...(to.localAddress ? { localAddress: to.localAddress } : {}),
        },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          resolve(
            status >= 200 && status < 400
              ? { ok: true }
              : { ok: false, message: `HTTP probe failed with statuscode: ${status}` },
          );
        },
      );
      const timer = setTimeout(() => {
        request.destroy();
        resolve({
          ok: false,
          message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        });
      }, timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, message: `Get "${url}": ${dialError(error.code, host, port)}` });
      });
      request.end();
    });
  }
  if (spec.tcpSocket) {
    const port = resolvePort(spec.tcpSocket.port, target);
    if (typeof port === 'string')
      return Promise.resolve({ ok: false, message: `${port} in the container's ports` });
    const host = spec.tcpSocket.host || target.podIP;
    const to = target.dial ? target.dial(host, port) : { host, port };
    if (!to) return Promise.resolve({ ok: false, message: dialError('ECONNREFUSED', host, port) });
    return new Promise((resolve) => {
      const socket = net.connect({
        host: to.host,
        port: to.port,
        ...(to.localAddress ? { localAddress: to.localAddress } : {}),
      });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
      }, timeoutMs);
      socket.on('connect', () => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ok: true });
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, message: dialError(error.code, host, port) });
      });
    });
  }
  if (spec.exec) {
    return Promise.resolve({
      ok: false,
      message:
        'exec probes are not supported by the sim (its images have no shell); use httpGet or tcpSocket',
    });
  }
  return Promise.resolve({ ok: false, message: 'the sim supports httpGet and tcpSocket probes only' });
}
