import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingProgress } from '../../test/recording-progress.ts';
import { runCleanups } from '../cleanup.ts';
import { isAlive } from '../process.ts';
import { SimRuntime } from './driver.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const daemonScript = fileURLToPath(new URL('../../test/fixtures/fake-sim-daemon.ts', import.meta.url));
const runtimes: SimRuntime[] = [];

function makeRuntime(env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const runtime = new SimRuntime({
    repoRoot,
    workshopDir: mkdtempSync(join(tmpdir(), 'sim-runtime-')),
    daemonScript,
    env: { ...process.env, ...env },
    httpPort: 18080,
    progress: recordingProgress(lines),
  });
  runtimes.push(runtime);
  return { runtime, lines };
}

afterEach(async () => {
  for (const runtime of runtimes.splice(0)) {
    await runtime.down();
    rmSync(join(runtime.paths.stateDir, '..'), { recursive: true, force: true });
  }
});

describe('SimRuntime', () => {
  it('starts the daemon, installs Traefik and reports the entry points, then reuses it', async () => {
    const { runtime, lines } = makeRuntime();
    const status = await runtime.up();
    expect(status).toMatchObject({
      runtime: 'sim',
      running: true,
      http: 'http://127.0.0.1:18080',
      nodePortHost: '127.0.0.1',
    });
    expect(readFileSync(runtime.paths.log, 'utf8')).toContain('--http-port 18080');
    const kube = await runtime.client();
    expect(
      await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'traefik', name: 'traefik' }),
    ).toBeDefined();
    expect(
      await kube.get({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', name: 'traefik' }),
    ).toBeDefined();
    const pid = Number(/pid (\d+)/.exec(status.detail)?.[1]);
    const again = await runtime.up();
    expect(again.detail).toBe(status.detail);
    expect(lines).toContain(
      `reusing the running sim cluster (pid ${pid}, API ${/API (\S+),/.exec(status.detail)?.[1]})`,
    );
  });

  it('stops the daemon on down, and down twice is fine', async () => {
    const { runtime } = makeRuntime();
    const status = await runtime.up();
    const pid = Number(/pid (\d+)/.exec(status.detail)?.[1]);
    await runtime.down();
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(runtime.paths.clusterJson)).toBe(false);
    await runtime.down();
    expect((await runtime.status()).running).toBe(false);
  });

  it("prints the daemon's one-line error when it cannot start", async () => {
    const line =
      'port 18080 on 127.0.0.1 is already in use by another program; pass --http-port to choose another';
    const { runtime } = makeRuntime({ FAKE_DAEMON_FAIL: line });
    const error = await runtime.up().catch((e: unknown) => e);
    expect((error as Error).message).toContain(`the sim cluster did not start: ${line}`);
    expect((error as { environment: boolean }).environment).toBe(true);
  });

  it('recovers from stale state left by a daemon that died', async () => {
    const { runtime, lines } = makeRuntime();
    const first = await runtime.up();
    const pid = Number(/pid (\d+)/.exec(first.detail)?.[1]);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 20));
    expect((await runtime.status()).detail).toMatch(
      /^stale: cluster.json names pid \d+, which is not running/,
    );
    const second = await runtime.up();
    expect(second.running).toBe(true);
    expect(lines.some((l) => l.startsWith('cleaning up stale sim state'))).toBe(true);
  });

  it('takes a daemon that is not ready yet down with an interrupted up', async () => {
    const { runtime } = makeRuntime({ FAKE_DAEMON_HANG: '1' });
    const pending = runtime.up().catch((e: unknown) => e);
    let pid: number | undefined;
    const deadline = Date.now() + 10_000;
    while (!pid && Date.now() < deadline) {
      pid = existsSync(runtime.paths.pidFile)
        ? JSON.parse(readFileSync(runtime.paths.pidFile, 'utf8')).pid
        : undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(pid).toBeDefined();
    await runCleanups(); // what the CLI does on Ctrl-C
    expect(isAlive(pid as number)).toBe(false);
    expect(await pending).toBeInstanceOf(Error);
  });
});
