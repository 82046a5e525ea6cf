// How the kind runtime runs its tools: zx with the runtime's env and the repository as cwd, each
// result checked with `must` so that a failure reads as one line.
import type { Shell as Zx } from 'zx';
import { RuntimeError } from '../errors.ts';

/** zx bound to an env (the runtime's, unless given) and the repository root. */
export type Shell = (env?: NodeJS.ProcessEnv) => Zx;

/** Turns a failed command into one line: what ran, its exit code and the last thing it said. */
export function must<T extends { exitCode: number | null; stderr: string; stdout: string }>(
  result: T,
  what: string,
): T {
  if (result.exitCode === 0) return result;
  const said = lastLine(result.stderr) || lastLine(result.stdout) || 'no output';
  throw new RuntimeError(`${what} failed (exit ${result.exitCode}): ${said}`);
}

export function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}
