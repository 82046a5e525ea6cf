// The contract between the proxy and Traefik-style middlewares: a middleware sees the request as the
// router matched it, may rewrite its path and headers, add response headers, or answer it outright.
import type { IncomingHttpHeaders } from 'node:http';

export interface MiddlewareRequest {
  method: string;
  /** URL path (as sent, still percent-encoded), without the query string. */
  path: string;
  /** The query string including `?`, or ''. */
  query: string;
  /** Request headers, mutated in place. */
  headers: IncomingHttpHeaders;
  /** Scheme of the incoming connection. */
  scheme: 'http' | 'https';
  /** Host header as received (may carry a port). */
  host: string;
  /** Headers to set on the response (an empty value removes the header). */
  responseHeaders: Record<string, string>;
}

export interface DirectResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** Returns a response to end the chain, or undefined to go on to the next middleware / the backend. */
export type Middleware = (request: MiddlewareRequest) => DirectResponse | undefined;

export type CompiledMiddleware =
  | { ok: true; kind: string; handler: Middleware }
  | { ok: false; error: string };
