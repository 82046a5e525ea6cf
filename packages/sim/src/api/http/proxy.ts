// pods/proxy and services/proxy: forwards to podIP:port, or to a ready endpoint of the Service's
// port, like the API server's proxy subresources (the grader reaches in-cluster probes this way).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { type KubeObject, type ResourceType, StatusError } from '../../core/types.ts';
import { dialAddress } from '../../core/virtual-network.ts';
import { findByPlural } from '../../resources.ts';
import type { HttpContext } from './context.ts';

interface Target {
  host: string;
  port: number;
}

/** `[scheme:]name[:port]` as in `/services/https:web:443/proxy/`. */
function parseProxyName(raw: string): { scheme?: string; name: string; port?: string } {
  const parts = raw.split(':');
  if (parts.length === 3) return { scheme: parts[0], name: parts[1] ?? '', port: parts[2] };
  if (parts.length === 2) {
    if (parts[0] === 'http' || parts[0] === 'https') return { scheme: parts[0], name: parts[1] ?? '' };
    return { name: parts[0] ?? '', port: parts[1] };
  }
  return { name: raw };
}

function unavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

function podTarget(ctx: HttpContext, type: ResourceType, namespace: string | undefined, raw: string): Target {
  const { name, port } = parseProxyName(raw);
  const pod = ctx.rest.get(type, namespace, name);
  const ip = pod.status?.podIP;
  if (!ip) throw unavailable(`pod ${name} has no IP address yet; is it running?`);
  if (!port) return { host: ip, port: 80 };
  if (/^\d+$/.test(port)) return { host: ip, port: Number(port) };
  for (const container of pod.spec?.containers ?? []) {
    for (const p of container.ports ?? []) if (p.name === port) return { host: ip, port: p.containerPort };
  }
  throw unavailable(`no port named "${port}" on pod "${name}"`);
}

function serviceTarget(
  ctx: HttpContext,
  type: ResourceType,
  namespace: string | undefined,
  raw: string,
): Target {
  const { name, port } = parseProxyName(raw);
  const svc = ctx.rest.get(type, namespace, name);
  const ports = (svc.spec?.ports ?? []) as Array<{ name?: string; port: number }>;
  const svcPort = port
    ? ports.find((p) => p.name === port || String(p.port) === port)
    : (ports.find((p) => !p.name) ?? (ports.length === 1 ? ports[0] : undefined));
  if (!svcPort) throw unavailable(`no endpoints available for service "${name}"`);
  const slices = findByPlural('discovery.k8s.io', 'v1', 'endpointslices') as ResourceType;
  const candidates: Target[] = [];
  const listed = ctx.rest.list(slices, namespace, { labelSelector: `kubernetes.io/service-name=${name}` });
  for (const slice of listed.items as KubeObject[]) {
    const slicePort = (slice.ports ?? []).find(
      (p: { name?: string }) => (p.name ?? '') === (svcPort.name ?? ''),
    );
    if (!slicePort?.port) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      const address = endpoint.addresses?.[0];
      if (address) candidates.push({ host: address, port: slicePort.port });
    }
  }
  const chosen = candidates[Math.floor(Math.random() * candidates.length)];
  if (!chosen) throw unavailable(`no endpoints available for service "${name}"`);
  return chosen;
}

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'authorization',
];

export function handleProxy(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  rawName: string,
  path: string,
  search: string,
): Promise<void> {
  const target =
    type.kind === 'Pod'
      ? podTarget(ctx, type, namespace, rawName)
      : serviceTarget(ctx, type, namespace, rawName);
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.includes(key)) headers[key] = value;
  }
  headers.host = `${target.host}:${target.port}`;
  // In the "ports" network mode a Pod address is virtual: dial the real port its table names.
  const dial = dialAddress(target.host, target.port);
  if (!dial) {
    const refused = `dial tcp ${target.host}:${target.port}: connect: connection refused`;
    return Promise.reject(unavailable(`error trying to reach service: ${refused}`));
  }
  return new Promise((resolve, reject) => {
    const upstream = request(
      {
        host: dial.host,
        port: dial.port,
        // The API server runs on the node: Pods see its calls come from the node IP.
        ...(dial.localAddress ? { localAddress: dial.localAddress } : {}),
        method: req.method,
        path: `${path}${search}`,
        headers,
      },
      (response) => {
        const out: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(response.headers)) {
          if (value !== undefined && !HOP_BY_HOP.includes(key)) out[key] = value;
        }
        res.writeHead(response.statusCode ?? 502, out);
        response.pipe(res);
        response.on('end', () => resolve());
        response.on('error', () => resolve());
      },
    );
    upstream.setTimeout(30_000, () => upstream.destroy(new Error('timed out after 30s')));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      const detail =
        error.code === 'ECONNREFUSED'
          ? `dial tcp ${target.host}:${target.port}: connect: connection refused`
          : error.message;
      if (res.headersSent) {
        res.destroy();
        resolve();
      } else reject(unavailable(`error trying to reach service: ${detail}`));
    });
    req.pipe(upstream);
  });
}
