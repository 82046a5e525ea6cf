// Probes the command-line tools a runtime needs (docker, kind, kubectl), through zx so every argument
// is quoted, with a timeout so a hung Docker daemon cannot hang the workshop.
import { $ } from 'zx';

export interface ToolProbe {
  /** The executable was found on PATH. */
  present: boolean;
  /** It ran and exited 0. */
  ok: boolean;
  /** First line of its output (stdout, else stderr), for messages. */
  output: string;
}

export async function probe(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ToolProbe> {
  const run = $({
    nothrow: true,
    quiet: true,
    env: options.env ?? process.env,
    timeout: options.timeoutMs ?? 10_000,
  });
  const result = await run`${command} ${args}`;
  const text = `${result.stdout.trim() || result.stderr.trim()}`;
  // 127 is the shell's "command not found"; ENOENT shows up when zx spawns nothing at all.
  const present =
    result.exitCode !== 127 &&
    !/ENOENT|command not found|not found$/m.test(result.stderr.split('\n')[0] ?? '');
  return { present, ok: result.exitCode === 0, output: text.split('\n')[0] ?? '' };
}

/** Docker answers when `docker info` works (the client alone is not enough). */
export async function dockerAnswers(env?: NodeJS.ProcessEnv): Promise<boolean> {
  return (await probe('docker', ['info', '--format', '{{.ServerVersion}}'], { env })).ok;
}

export async function kindAnswers(env?: NodeJS.ProcessEnv): Promise<boolean> {
  return (await probe('kind', ['version'], { env })).ok;
}
