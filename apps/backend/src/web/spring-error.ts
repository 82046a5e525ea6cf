// Error answers in Spring Boot's JSON error shape ({timestamp, status, error, message?, path}), for
// unknown paths, bad parameters and failures alike, so every error looks the same to a learner.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.ts';

/** An error that becomes an HTTP answer with this status and message. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface SpringErrorBody {
  timestamp: string;
  status: number;
  error: string;
  message?: string;
  path: string;
}

/** The path the request arrived with, without its query string (Spring's `path` attribute). */
export function requestPath(req: Request): string {
  const url = req.originalUrl || req.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function springError(req: Request, status: number, message?: string): SpringErrorBody {
  return {
    // Spring prints the offset as +00:00 rather than Z.
    timestamp: new Date().toISOString().replace(/Z$/, '+00:00'),
    status,
    error: STATUS_CODES[status] ?? 'Error',
    ...(message === undefined ? {} : { message }),
    path: requestPath(req),
  };
}

export function sendSpringError(req: Request, res: Response, status: number, message?: string): void {
  res.status(status).json(springError(req, status, message));
}

/**
 * The last handler: whatever nobody answered is a 404. Its message says the request did reach this
 * app (and which Pod), so a 404 after an Ingress routed the request is not mistaken for the
 * controller's "404 page not found".
 */
export function notFound(appName: string, podName: string): RequestHandler {
  return (req, res) =>
    sendSpringError(
      req,
      res,
      404,
      `${appName} (Pod ${podName}) received ${req.method} ${requestPath(req)} but has no handler for it`,
    );
}

/** Turns thrown errors into Spring-shaped answers; only unexpected ones are logged with their stack. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) return sendSpringError(req, res, err.status, err.message);
    // body-parser and friends mark client errors with a status (e.g. malformed JSON → 400).
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) {
      log.error(`Request ${req.method} ${requestPath(req)} failed: ${err?.stack ?? String(err)}`);
      return sendSpringError(req, res, 500);
    }
    const detail = typeof err?.message === 'string' ? err.message : undefined;
    const message =
      err?.type === 'entity.parse.failed'
        ? `Expected a JSON request body, could not parse it: ${detail}`
        : detail;
    sendSpringError(req, res, status, message);
  };
}
