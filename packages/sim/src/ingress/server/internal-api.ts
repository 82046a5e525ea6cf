// The `traefik` entry point's own endpoints: `GET /ping` (the readiness probe) and a small,
// read-only slice of Traefik's API (`/api/http/routers`, `/api/http/services`, `/api/overview`,
// `/api/version`) so lessons can show what the controller made of the Ingresses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allRoutes, type Route, type RouteTable } from '../routing/index.ts';

export const SIM_TRAEFIK_VERSION = '3.7.9';

/** The rule Traefik would generate for this route (strict prefix matching shape when enabled). */
export function ruleString(route: Route, strictPrefix: boolean): string {
  const parts: string[] = [];
  if (route.host) parts.push(`Host(\`${route.host}\`)`);
  if (route.isDefault) return 'PathPrefix(`/`)';
  if (route.path) {
    if (route.pathType === 'Exact') parts.push(`Path(\`${route.path}\`)`);
    else if (strictPrefix && route.path !== '/') {
      const trimmed = route.path.replace(/\/+$/, '');
      parts.push(`(Path(\`${trimmed}\`) || PathPrefix(\`${trimmed}/\`))`);
    } else parts.push(`PathPrefix(\`${route.path}\`)`);
  }
  return parts.join(' && ');
}

function sendJson(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface InternalApiOptions {
  table: () => RouteTable;
  strictPrefix: boolean;
  ping: boolean;
  api: boolean;
  entryPointNames: string[];
  terminating: () => boolean;
}

/** Answers the request if it is for an internal endpoint; returns false otherwise. */
export function handleInternal(
  req: IncomingMessage,
  res: ServerResponse,
  options: InternalApiOptions,
): boolean {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (options.ping && path === '/ping' && (req.method === 'GET' || req.method === 'HEAD')) {
    const status = options.terminating() ? 503 : 200;
    const body = status === 200 ? 'OK' : 'Service Unavailable';
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  if (!options.api || !(path.startsWith('/api/') || path.startsWith('/dashboard'))) return false;
  const routes = allRoutes(options.table());
  const routers = routes.map((r) => ({
    name: r.name,
    rule: ruleString(r, options.strictPrefix),
    service: `${r.target.key}@kubernetes`,
    entryPoints: r.entryPoints && r.entryPoints.length > 0 ? r.entryPoints : options.entryPointNames,
    middlewares: r.middlewares.length > 0 ? r.middlewares : undefined,
    tls: r.tls ? {} : undefined,
    status: 'enabled',
    provider: 'kubernetes',
    ingress: `${r.ingress.namespace}/${r.ingress.name}`,
  }));
  const services = new Map<string, unknown>();
  for (const r of routes) {
    services.set(r.target.key, {
      name: `${r.target.key}@kubernetes`,
      loadBalancer: { servers: r.target.servers.map((url) => ({ url })), passHostHeader: true },
      status: 'enabled',
      provider: 'kubernetes',
      type: 'loadbalancer',
    });
  }
  switch (path) {
    case '/api/http/routers':
      sendJson(res, routers);
      return true;
    case '/api/http/services':
      sendJson(res, [...services.values()]);
      return true;
    case '/api/version':
      sendJson(res, { Version: SIM_TRAEFIK_VERSION, Codename: 'sim' });
      return true;
    case '/api/overview':
      sendJson(res, {
        http: {
          routers: { total: routers.length, warnings: 0, errors: options.table().problems.length },
          services: { total: services.size, warnings: 0, errors: 0 },
        },
        providers: ['KubernetesIngress'],
      });
      return true;
    default: {
      // A text "dashboard": the sim ships no web UI, so it shows the routers as plain text.
      if (path.startsWith('/dashboard')) {
        const lines = routers.map((r) => `${r.name}\n  rule: ${r.rule}\n  service: ${r.service}\n`);
        const body = `Traefik (workshop sim) routers\n\n${lines.join('\n') || '(none)\n'}`;
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(body);
        return true;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return true;
    }
  }
}
