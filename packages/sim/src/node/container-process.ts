// Starts one container as an OS process of its image: `node --import <shim> … <entry> <args>`, with
// a clean environment (no host variables leak in), output to the log file, and the watchdog pipe on
// fd 3 that makes the process die with the sim even if the sim is killed with SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { LogWriter } from './container-logs.ts';
import type { ProcessPlan } from './image-catalog.ts';

export interface ContainerExit {
  exitCode: number;
  signal?: string;
}

export interface ContainerProcess {
  readonly pid: number;
  readonly exited: Promise<ContainerExit>;
  kill(signal: NodeJS.Signals): void;
}

export function startContainerProcess(options: {
  plan: ProcessPlan;
  env: Record<string, string>;
  shimPath: string;
  log: LogWriter;
}): Promise<ContainerProcess> {
  const { plan } = options;
  const argv = ['--import', options.shimPath, ...plan.nodeArgs, plan.entry, ...plan.args];
  const child: ChildProcess = spawn(process.execPath, argv, {
    cwd: plan.cwd,
    env: { ...options.env, SIM_WATCHDOG_FD: '3' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: false,
  });
  child.stdout?.on('data', (chunk: Buffer) => options.log.write('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => options.log.write('stderr', chunk));
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
        kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
      }),
    );
  });
}
