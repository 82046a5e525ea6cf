import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../test/helpers.ts';
import { ensureBuilt, type RunningBackend, spawnBackend } from '../test/spawn-backend.ts';

const running: RunningBackend[] = [];
const start = (env: Record<string, string>) => {
  const backend = spawnBackend(env);
  running.push(backend);
  return backend;
};

beforeAll(() => ensureBuilt(), 120_000);

afterEach(async () => {
  for (const backend of running.splice(0)) {
    if (backend.child.exitCode === null && backend.child.signalCode === null) backend.child.kill('SIGKILL');
    await backend.exited;
  }
});

describe('node dist/index.js', () => {
  it('answers /api/v1/hello with the Pod and application names from the environment', async () => {
    const backend = start({ POD_NAME: 'p1', SPRING_APPLICATION_NAME: 'demo' });
    const port = await backend.port();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/hello`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      pod: 'p1',
      app: 'demo',
      message: 'Hello from p1 (demo v0.1.0)',
    });
    expect(backend.stdout.join('\n')).toMatch(
      /INFO \d+ --- \[demo\] \[ +main\] w\.backend\.DemoApplication +: Started DemoApplication in \d+\.\d{3} seconds \(process running for \d+\.\d{3}\)/,
    );
    expect(
      backend.stdout.some((line) =>
        line.includes(`Express started on port ${port} (http) with context path '/'`),
      ),
    ).toBe(true);
  });

  it('refuses a bad setting with one line on stderr and exit code 1', async () => {
    const backend = start({ SERVER_PORT: 'abc' });
    expect(await backend.exited).toEqual({ code: 1, signal: null });
    expect(backend.stderr.filter(Boolean)).toEqual([
      'APPLICATION FAILED TO START: Expected SERVER_PORT to be a TCP port number between 0 and 65535, got "abc"; ' +
        'set it to a whole number (default 8080) or leave it unset',
    ]);
    expect(backend.stdout.filter(Boolean)).toEqual([]);
  });

  it('says which port is taken when it cannot listen, and exits 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const backend = start({ SERVER_PORT: String(port) });
      expect((await backend.exited).code).toBe(1);
      expect(backend.stderr.filter(Boolean)).toEqual([
        `APPLICATION FAILED TO START: Web server failed to start. 127.0.0.1:${port} was already in use; ` +
          'set SERVER_PORT to another port',
      ]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s lets an in-flight slow request finish, then exits 0',
    async (signal) => {
      const backend = start({ POD_NAME: 'p1' });
      const port = await backend.port();
      const slow = fetch(`http://127.0.0.1:${port}/api/v1/hello?delayMs=1500`);
      await waitFor(
        'the slow request to reach the handler',
        () =>
          backend.stdout.some((line) =>
            line.includes('Holding the answer to GET /api/v1/hello?delayMs=1500'),
          ) || undefined,
      );
      const signalled = Date.now();
      backend.child.kill(signal);
      const res = await slow;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { delayMs?: number }).delayMs).toBe(1500);
      expect(await backend.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(8000);
      const logs = backend.stdout.join('\n');
      expect(logs).toContain('Commencing graceful shutdown. Waiting for active requests to complete');
      expect(logs).toContain('Graceful shutdown complete');
      expect(logs).toMatch(/GET \/api\/v1\/hello\?delayMs=1500 200 \d+ms/);
    },
    20_000,
  );
});
