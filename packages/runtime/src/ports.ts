// Is a TCP port free to listen on? Asked by binding it for a moment, which is the only honest test.
import net from 'node:net';
import { type EntryPortChoice, pickEntryPorts } from '@workshop/sim/entry-ports.ts';

export type { EntryPortChoice } from '@workshop/sim/entry-ports.ts';

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await checkPort(port, host)) === 'free';
}

/**
 * `forbidden` means this process may not bind it (a port below 1024 without root): it may still be
 * free for Docker, which binds as root; ask portHolder() who, if anyone, listens.
 */
export function checkPort(port: number, host = '127.0.0.1'): Promise<PortState> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EACCES' ? 'forbidden' : 'in-use'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

export type PortState = 'free' | 'in-use' | 'forbidden';
export type PortChecker = (port: number, host: string) => Promise<PortState>;

/**
 * Who publishes the entry ports, which decides what "can be used" means: `self` binds them in this
 * process (the sim), `engine` is a rootful container engine that binds as root (kind on Docker,
 * Docker Desktop), `rootless-engine` binds as this user and so cannot publish ports below
 * `net.ipv4.ip_unprivileged_port_start` (rootless Docker, rootless Podman).
 */
export interface EntryPortPublisher {
  kind: 'self' | 'engine' | 'rootless-engine';
  /** For messages: `rootless Docker`, `Podman`. */
  engine?: string;
  /** Lowest port a non-root user may bind (Linux sysctl); 1024 when unknown. */
  unprivilegedPortStart?: number;
}

/**
 * Can `port` carry an entry point for this publisher? A port this process may not bind (EACCES) is
 * not "in use": a rootful engine can still publish it when nobody listens there.
 */
export async function entryPortProbe(
  port: number,
  publisher: EntryPortPublisher,
  options: { env?: NodeJS.ProcessEnv; check?: PortChecker; host?: string } = {},
): Promise<{ ok: true } | { ok: false; why: string; inUse?: boolean }> {
  const start = publisher.unprivilegedPortStart ?? 1024;
  if (publisher.kind === 'rootless-engine' && port < start) {
    return {
      ok: false,
      why: `${publisher.engine ?? 'a rootless engine'} cannot publish ports below ${start}`,
    };
  }
  const host = options.host ?? '127.0.0.1';
  const state = await (options.check ?? checkPort)(port, host);
  if (state === 'free') return { ok: true };
  if (state === 'forbidden' && publisher.kind === 'self')
    return { ok: false, why: 'this user may not bind ports below 1024' };
  const holder = await portHolder(port, options.env);
  // forbidden for this process, nobody listening: the engine (root) can publish it.
  if (state === 'forbidden' && !holder) return { ok: true };
  return { ok: false, why: `in use${holder ? ` by ${holder}` : ''}`, inUse: true };
}

/** The entry ports by the one rule (80/443, else 8080/8443, else the next free pair) for this publisher. */
export function chooseEntryPorts(
  publisher: EntryPortPublisher,
  options: { env?: NodeJS.ProcessEnv; check?: PortChecker; host?: string } = {},
): Promise<EntryPortChoice> {
  return pickEntryPorts(async (port) => {
    const answer = await entryPortProbe(port, publisher, options);
    return answer.ok ? answer : { ok: false, why: answer.why };
  });
}

/** The sim's rule, for `lab doctor` (the daemon itself decides the same way when it starts). */
export function defaultEntryPorts(env?: NodeJS.ProcessEnv): Promise<EntryPortChoice> {
  return chooseEntryPorts({ kind: 'self' }, { env });
}

/**
 * Who listens on a TCP port, as the OS tells it: `ss -ltnp` on Linux (process names need the same
 * user or root), `lsof` elsewhere. Undefined when nobody does or the tool cannot say.
 */
export interface PortHolder {
  command: string;
  pid?: number;
}

/** Who listens on `port` on loopback or all interfaces (other addresses, such as a Service IP, do not count). */
export async function portHolderProcess(
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PortHolder | undefined> {
  const { $ } = await import('zx');
  const run = $({ nothrow: true, quiet: true, env, timeout: 5_000 });
  if (process.platform === 'linux') {
    const result = await run`ss -H -ltnp ${`sport = :${port}`}`;
    const lines = result.stdout.split('\n').filter((l) => l.trim());
    const local = new Set([
      `127.0.0.1:${port}`,
      `0.0.0.0:${port}`,
      `*:${port}`,
      `[::]:${port}`,
      `[::1]:${port}`,
    ]);
    const line = lines.find((l) => local.has(l.trim().split(/\s+/)[3] ?? '')) ?? lines[0];
    if (result.exitCode === 0 && line) {
      const users = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
      return users
        ? { command: users[1] ?? 'a process', pid: Number(users[2]) }
        : { command: 'a process of another user' };
    }
    if (result.exitCode === 0) return undefined;
  }
  const result = await run`lsof -nP ${`-iTCP:${port}`} -sTCP:LISTEN`;
  const line = result.stdout.split('\n')[1];
  if (!line) return undefined;
  const [command, pid] = line.split(/\s+/);
  return { command: command ?? 'a process', pid: Number(pid) };
}

export async function portHolder(
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const holder = await portHolderProcess(port, env);
  if (!holder) return undefined;
  return holder.pid ? `${holder.command} (pid ${holder.pid})` : holder.command;
}
