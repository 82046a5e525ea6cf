// End to end on the real embedded cluster: `lab cluster up` → `status --json` → kubectl sees Traefik
// Running → `lab cluster down`, leaving no process and no port behind.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, isPortFree } from '@workshop/runtime';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const state = mkdtempSync(join(tmpdir(), 'lab-e2e-'));

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        env: { ...process.env, CI: '1', NO_COLOR: '1', WORKSHOP_STATE_DIR: state, ...env },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

afterAll(async () => {
  await run(process.execPath, [LAB, 'cluster', 'down', '--runtime', 'sim']);
  rmSync(state, { recursive: true, force: true });
});

describe('lab cluster on the sim', () => {
  it('comes up with Traefik Running, reports itself, and goes down without leftovers', async () => {
    const httpPort = await freePort();
    const httpsPort = await freePort();
    const up = await run(process.execPath, [
      LAB,
      'cluster',
      'up',
      '--runtime',
      'sim',
      '--http-port',
      String(httpPort),
      '--https-port',
      String(httpsPort),
    ]);
    expect(up.stderr).toContain(' ✓ Waiting for Traefik to be ready');
    expect(up.code).toBe(0);

    const status = await run(process.execPath, [LAB, 'cluster', 'status', '--json']);
    const info = JSON.parse(status.stdout) as {
      runtime: string;
      running: boolean;
      kubeconfig: string;
      http: string;
      https: string;
      detail: string;
    };
    expect(info).toMatchObject({
      runtime: 'sim',
      running: true,
      http: `http://127.0.0.1:${httpPort}`,
      https: `https://127.0.0.1:${httpsPort}`,
    });
    const pid = Number(/daemon pid (\d+)/.exec(info.detail)?.[1]);
    expect(isAlive(pid)).toBe(true);

    const pods = await run('kubectl', ['get', 'pods', '-A', '--cache-dir', join(state, 'kubectl-cache')], {
      KUBECONFIG: info.kubeconfig,
    });
    expect(pods.stdout).toMatch(/^traefik\s+traefik-\S+\s+1\/1\s+Running\s/m);

    const down = await run(process.execPath, [LAB, 'cluster', 'down']);
    expect(down.code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(await isPortFree(httpPort)).toBe(true);
    expect(await isPortFree(httpsPort)).toBe(true);
    const again = await run(process.execPath, [LAB, 'cluster', 'down']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('no sim cluster was running');
  }, 180_000);
});
