// Exit codes and the one error type commands throw. Exit codes are part of the interface (scripts
// and CI rely on them) and are documented in scripts/README.md and `lab --help`.
import { RuntimeError } from '@workshop/runtime';

export const EXIT = {
  ok: 0,
  /** A command failed, or a grade is below full marks. */
  failure: 1,
  /** Bad input: unknown command, flag, lab id; malformed lab.yaml. */
  usage: 2,
  /** The machine is the problem: no runtime, a port taken, Docker missing. */
  environment: 3,
} as const;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof RuntimeError && error.environment) return EXIT.environment;
  return EXIT.failure;
}

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  a command failed, or a grade is below full marks
  2  usage error (unknown command, flag or lab; malformed lab.yaml)
  3  environment problem (no runtime available, a port taken, Docker missing)`;
