// Starts one container as an OS process of its image: `node --import <shim> … <entry> <args>`, with
// a clean environment (no host variables leak in), output to the log file, and the watchdog pipe on
// fd 3 that makes the process die with the sim even if the sim is killed with SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import type { LogWriter } from './container-logs.ts';
import type { ProcessPlan } from './image-catalog.ts';

export interface ContainerExit {
  exitCode: number;
  signal?: string;
}

export type OutputListener = (stream: 'stdout' | 'stderr', chunk: Buffer) => void;

export interface ContainerProcess {
  readonly pid: number;
  readonly exited: Promise<ContainerExit>;
  kill(signal: NodeJS.Signals): void;
  /** The process's stdin, when the container spec asks for one (`stdin: true`); for attach. */
  readonly stdin?: Writable;
  /** Live output for attach; returns the unsubscribe. */
  onOutput(listener: OutputListener): () => void;
  /** What the process printed so far (bounded), so the first attach of `kubectl run -i` misses nothing. */
  history(): Array<{ stream: 'stdout' | 'stderr'; chunk: Buffer }>;
}

const HISTORY_LIMIT = 256 * 1024;

export function startContainerProcess(options: {
  plan: ProcessPlan;
  env: Record<string, string>;
  shimPath: string;
  log: LogWriter;
  /** Keep stdin open as a pipe (container `stdin: true`); otherwise it is /dev/null. */
  stdin?: boolean;
}): Promise<ContainerProcess> {
  const { plan } = options;
  const argv = ['--import', options.shimPath, ...plan.nodeArgs, plan.entry, ...plan.args];
  const child: ChildProcess = spawn(process.execPath, argv, {
    cwd: plan.cwd,
    env: { ...options.env, SIM_WATCHDOG_FD: '3' },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: false,
  });
  const listeners = new Set<OutputListener>();
  const history: Array<{ stream: 'stdout' | 'stderr'; chunk: Buffer }> = [];
  let historyBytes = 0;
  const output = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    options.log.write(stream, chunk);
    if (historyBytes < HISTORY_LIMIT) {
      history.push({ stream, chunk });
      historyBytes += chunk.length;
    }
    for (const listener of listeners) listener(stream, chunk);
  };
  child.stdout?.on('data', output('stdout'));
  child.stderr?.on('data', output('stderr'));
  // A writer that goes away (attach ended) must not crash the sim with EPIPE.
  child.stdin?.on('error', () => {});
  const exited = new Promise<ContainerExit>((resolve) => {
    child.once('exit', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
      // Close the log only after the pipes are drained.
      child.once(
        'close',
        () => void options.log.close().then(() => resolve({ exitCode, signal: signal ?? undefined })),
      );
    });
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`could not start ${process.execPath} ${argv.join(' ')}`, { cause: error })),
    );
    child.once('spawn', () =>
      resolve({
        pid: child.pid as number,
        exited,
        stdin: child.stdin ?? undefined,
        onOutput(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        history: () => [...history],
        kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
      }),
    );
  });
}
