// Errors the runtimes raise. `environment` marks problems with the machine rather than the work
// (no Docker, a port taken, no runtime at all), which the CLI turns into exit code 3.

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  readonly environment: boolean;
  constructor(message: string, options: ErrorOptions & { environment?: boolean } = {}) {
    super(message, options);
    this.environment = options.environment ?? false;
  }
}

export function environmentError(message: string, cause?: unknown): RuntimeError {
  return new RuntimeError(message, { environment: true, cause });
}
