// Is a TCP port free to listen on? Asked by binding it for a moment, which is the only honest test.
import net from 'node:net';

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await checkPort(port, host)) === 'free';
}

/**
 * `forbidden` means this process may not bind it (a port below 1024 without root): it may still be
 * free for Docker, which binds as root; ask portHolder() who, if anyone, listens.
 */
export function checkPort(port: number, host = '127.0.0.1'): Promise<'free' | 'in-use' | 'forbidden'> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'EACCES' ? 'forbidden' : 'in-use'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** 80/443 when this process may bind them and they are free, else 8080/8443 (as the sim daemon does). */
export async function defaultEntryPorts(): Promise<{ http: number; https: number }> {
  const privileged = process.getuid?.() === 0 || process.platform === 'win32';
  if (privileged && (await isPortFree(80, '0.0.0.0')) && (await isPortFree(443, '0.0.0.0')))
    return { http: 80, https: 443 };
  return { http: 8080, https: 8443 };
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
