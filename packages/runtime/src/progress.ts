// Progress lines on stderr: ` • step …` when a step starts, ` ✓ step (3.1s)` or ` ✗ step (0.4s)` when
// it ends, with zx's spinner while waiting on a terminal (never in CI or when stderr is piped).
import { spinner } from 'zx';

export interface StepOptions<T> {
  /** Marks the step ✗ although it returned (a lint that ran and found errors). */
  failed?: (value: T) => boolean;
}

export interface Progress {
  step<T>(title: string, fn: () => Promise<T>, options?: StepOptions<T>): Promise<T>;
  /** A plain ` • message` line. */
  info(message: string): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const color = !env.NO_COLOR && !!stream.isTTY && env.TERM !== 'dumb';
  const spin = !!stream.isTTY && !env.CI;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    async step(title, fn, options) {
      stream.write(` • ${title} …\n`);
      const started = performance.now();
      const seconds = () => `(${((performance.now() - started) / 1000).toFixed(1)}s)`;
      try {
        const value = spin ? await spinner(title, fn) : await fn();
        const mark = options?.failed?.(value) ? paint(31, '✗') : paint(32, '✓');
        stream.write(` ${mark} ${title} ${paint(2, seconds())}\n`);
        return value;
      } catch (error) {
        stream.write(` ${paint(31, '✗')} ${title} ${paint(2, seconds())}\n`);
        throw error;
      }
    },
    info(message) {
      stream.write(` • ${message}\n`);
    },
  };
}

/** For library callers and tests that want no output. */
export const silentProgress: Progress = {
  step: (_title, fn) => fn(),
  info: () => {},
};
