// Makes this process's port probes (net.createServer().listen, as ports.ts and the sim use them)
// answer as another machine would: EACCES for a non-root user on ports below 1024, EADDRINUSE for a
// taken port, or "free" without binding anything. Tests run as any user (root in some CI
// containers) and beside other clusters (which may hold 30000), so they say what the OS would say.
import net from 'node:net';
import { vi } from 'vitest';

export type SimulatedPortState = 'free' | 'in-use' | 'forbidden';

/** `states(port)` says what a port is; undefined leaves that port to the real OS. */
export function simulatePorts(states: (port: number) => SimulatedPortState | undefined): () => void {
  const original = net.createServer.bind(net);
  const spy = vi.spyOn(net, 'createServer').mockImplementation(((
    ...args: Parameters<typeof net.createServer>
  ) => {
    const server = original(...args);
    const listen = server.listen.bind(server) as (...a: unknown[]) => net.Server;
    server.listen = ((...a: unknown[]) => {
      const options = a[0] as { port?: number } | number;
      const port = typeof options === 'number' ? options : options?.port;
      const state = port === undefined ? undefined : states(port);
      if (!state) return listen(...a);
      const callback = a.find((x) => typeof x === 'function') as (() => void) | undefined;
      process.nextTick(() => {
        if (state === 'free') callback?.();
        else {
          const code = state === 'forbidden' ? 'EACCES' : 'EADDRINUSE';
          server.emit('error', Object.assign(new Error(`listen ${code}: 127.0.0.1:${port}`), { code }));
        }
      });
      return server;
    }) as typeof server.listen;
    return server;
  }) as typeof net.createServer);
  return () => spy.mockRestore();
}

/** A non-root user on a machine where the labs' NodePorts are free: below 1024 is EACCES. */
export const nonRootUser = (port: number): SimulatedPortState | undefined =>
  port > 0 && port < 1024 ? 'forbidden' : port >= 30000 && port <= 30009 ? 'free' : undefined;
