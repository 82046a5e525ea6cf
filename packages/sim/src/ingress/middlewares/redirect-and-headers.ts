// Traefik's redirectScheme (the TLS lesson's "redirect HTTP to HTTPS") and headers
// (customRequestHeaders / customResponseHeaders; an empty value deletes the header).
import type { Middleware } from './types.ts';

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

export function redirectScheme(config: {
  scheme?: unknown;
  port?: unknown;
  permanent?: unknown;
}): Middleware {
  if (typeof config.scheme !== 'string' || config.scheme === '') {
    throw new Error(
      `expected redirectScheme.scheme to be a non-empty string, found ${JSON.stringify(config.scheme)}`,
    );
  }
  const scheme = config.scheme;
  const port = config.port === undefined || config.port === '' ? undefined : String(config.port);
  const permanent = config.permanent === true;
  return (req) => {
    if (req.scheme === scheme) return undefined;
    const hostOnly = req.host.startsWith('[')
      ? req.host.slice(0, req.host.indexOf(']') + 1)
      : req.host.split(':')[0];
    const authority = port && port !== DEFAULT_PORTS[scheme] ? `${hostOnly}:${port}` : hostOnly;
    const location = `${scheme}://${authority}${req.path}${req.query}`;
    // Traefik v3 keeps the method for non-GET requests (307/308).
    const safe = req.method === 'GET' || req.method === 'HEAD';
    const status = permanent ? (safe ? 301 : 308) : safe ? 302 : 307;
    const text = status === 301 ? 'Moved Permanently' : status === 302 ? 'Found' : 'Redirect';
    return { status, headers: { location, 'content-type': 'text/plain; charset=utf-8' }, body: `${text}\n` };
  };
}

function headerMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `expected headers.${field} to be a map of header names to strings, found ${JSON.stringify(value)}`,
    );
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
  );
}

export function headers(config: {
  customRequestHeaders?: unknown;
  customResponseHeaders?: unknown;
}): Middleware {
  const request = headerMap(config.customRequestHeaders, 'customRequestHeaders');
  const response = headerMap(config.customResponseHeaders, 'customResponseHeaders');
  return (req) => {
    for (const [name, value] of Object.entries(request)) {
      if (value === '') delete req.headers[name.toLowerCase()];
      else req.headers[name.toLowerCase()] = value;
    }
    Object.assign(req.responseHeaders, response);
    return undefined;
  };
}
