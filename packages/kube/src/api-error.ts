// API errors as one readable line. The API server's Status message is already the best description
// (`Service "x" is invalid: spec.ports[0].nodePort: Invalid value: …`), so it is kept verbatim.

export interface StatusBody {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/** An error answered by the API server (a non-2xx status), with its Status body when it sent one. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  readonly code: number;
  readonly reason: string | undefined;
  readonly status: StatusBody | undefined;
  constructor(code: number, status: StatusBody | undefined, fallback: string, options?: ErrorOptions) {
    super(status?.message || fallback, options);
    this.code = code;
    this.reason = status?.reason;
    this.status = status;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 404;
}

export function isConflict(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 409;
}

/** Parses a response body into a Status when it is one. */
export function parseStatus(text: string): StatusBody | undefined {
  try {
    const body = JSON.parse(text) as StatusBody;
    return body && typeof body === 'object' && body.kind === 'Status' ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One line for any error met while talking to a cluster: the API's own message for API errors,
 * a hint for the connection errors a learner actually meets (cluster down, wrong port).
 */
export function describeKubeError(error: unknown): string {
  if (error instanceof KubeApiError) return error.message;
  const err = error as NodeJS.ErrnoException & { cause?: unknown };
  const code = err?.code ?? (err?.cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') {
    return `${err.message}: nothing answers at the cluster's API address; is the cluster up? (npx lab cluster status)`;
  }
  return err instanceof Error ? err.message : String(error);
}
