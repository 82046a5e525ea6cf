// Writing responses: JSON bodies, Warning headers (`299 - "text"`, one per warning, as kubectl
// prints them) and every error as a metav1.Status.
import type { ServerResponse } from 'node:http';
import { type KubeObject, StatusError } from '../../core/types.ts';

export function warningHeader(warnings: string[]): string[] {
  return [...new Set(warnings)].map((w) => `299 - ${JSON.stringify(w)}`);
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  warnings: string[] = [],
  contentType = 'application/json',
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.statusCode = code;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache, private');
  if (warnings.length > 0) res.setHeader('Warning', warningHeader(warnings));
  res.end(payload);
}

export function toStatusError(error: unknown): StatusError {
  if (error instanceof StatusError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function sendError(res: ServerResponse, error: unknown, warnings: string[] = []): void {
  const status = toStatusError(error);
  const body: KubeObject = status.toStatus();
  if (!status.reason) delete body.reason;
  sendJson(res, status.code, body, warnings);
}

export function successStatus(details: Record<string, unknown>): KubeObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

export const NOT_FOUND_PATH = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export const METHOD_NOT_ALLOWED = () =>
  new StatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
