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
export async function portHolder(
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const { $ } = await import('zx');
  const run = $({ nothrow: true, quiet: true, env, timeout: 5_000 });
  if (process.platform === 'linux') {
    const result = await run`ss -H -ltnp ${`sport = :${port}`}`;
    const line = result.stdout.split('\n').find((l) => l.trim());
    if (result.exitCode === 0 && line) {
      const users = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
      return users ? `${users[1]} (pid ${users[2]})` : 'a process of another user';
    }
    if (result.exitCode === 0) return undefined;
  }
  const result = await run`lsof -nP ${`-iTCP:${port}`} -sTCP:LISTEN`;
  const line = result.stdout.split('\n')[1];
  if (!line) return undefined;
  const [command, pid] = line.split(/\s+/);
  return `${command} (pid ${pid})`;
}
