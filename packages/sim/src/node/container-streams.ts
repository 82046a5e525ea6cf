// `kubectl exec` and `kubectl attach` on the node: an exec starts the toolbox as a new process in
// the container's world (its environment, the Pod network shim, the watchdog pipe), as a runtime
// starts a process in the container's namespaces; an attach joins the container's own process.
import { spawn } from 'node:child_process';
import type { ExecOptions, OutputListener, StreamOptions, StreamSession } from '../core/node-agent.ts';
import { StreamRefused } from '../core/node-agent.ts';
import type { ContainerRunner } from './container-runner.ts';
import { toolboxProgram } from './toolbox-program.ts';

function notFound(container: string): StreamRefused {
  // The kubelet's words when the container has no running instance (Pending, crashed, completed).
  return new StreamRefused(500, `container not found ("${container}")`);
}

export function execInContainer(
  runner: ContainerRunner,
  shimPath: string,
  options: ExecOptions,
): StreamSession {
  const main = runner.process;
  if (!main || !runner.environment) throw notFound(options.container);
  const program = toolboxProgram();
  const child = spawn(
    process.execPath,
    ['--import', shimPath, ...program.nodeArgs, program.entry, ...options.command],
    {
      cwd: program.cwd,
      env: { ...runner.environment, SIM_TTY: options.tty ? '1' : '', SIM_WATCHDOG_FD: '3' },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin?.on('error', () => {});
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(126));
    child.once('close', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 128)));
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // Processes of a container do not outlive it.
  void main.exited.then(kill);
  if (!options.stdin) child.stdin?.end();
  return {
    stdin: options.stdin ? (child.stdin ?? undefined) : undefined,
    onOutput(listener: OutputListener) {
      child.stdout?.on('data', (chunk: Buffer) => listener('stdout', chunk));
      child.stderr?.on('data', (chunk: Buffer) => listener('stderr', chunk));
    },
    exited,
    close: kill,
  };
}

/**
 * Joins the container's process. The first attach to a `stdin: true, stdinOnce: true` container
 * (what `kubectl run -i` creates) also gets what the process printed before it came: on a real node
 * that output races the attach and is often lost; here `kubectl run -i -- nslookup web` always shows it.
 */
export function attachToContainer(runner: ContainerRunner, options: StreamOptions): StreamSession {
  const spec = runner.spec;
  const firstOfRun = spec.stdinOnce === true && runner.attaches === 0;
  const target = runner.process ?? (firstOfRun && runner.finished ? runner.lastProcess : undefined);
  if (!target) throw notFound(options.container);
  runner.attaches += 1;
  const live = runner.process === target;
  let unsubscribe: (() => void) | undefined;
  const exited = target.exited.then((exit) => exit.exitCode);
  return {
    stdin: options.stdin && live ? target.stdin : undefined,
    onOutput(listener) {
      if (firstOfRun) for (const { stream, chunk } of target.history()) listener(stream, chunk);
      if (live) unsubscribe = target.onOutput(listener);
    },
    exited,
    close() {
      unsubscribe?.();
      // stdinOnce: the runtime closes the container's stdin when the first attach ends.
      if (spec.stdinOnce && live) target.stdin?.end();
    },
  };
}
