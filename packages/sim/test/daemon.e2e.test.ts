// The daemon contract: cluster.json only once the API answers, a clean exit 0 on SIGTERM, and one
// clear line plus exit 1 when it cannot start.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './helpers.ts';

const DAEMON = new URL('../src/daemon.ts', import.meta.url).pathname;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startDaemon(args: string[]): {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', DAEMON, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return { child, stderr: () => stderr, exited };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-daemon-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('the sim daemon', () => {
  it('writes cluster.json once the API is ready and removes it on SIGTERM with exit 0', async () => {
    const dir = await tempDir();
    const daemon = startDaemon([
      '--state-dir',
      dir,
      '--api-port',
      '0',
      '--node-agent',
      'fake',
      '--no-kube-proxy',
    ]);
    const infoPath = join(dir, 'cluster.json');
    await eventually('cluster.json', () => existsSync(infoPath), 30_000);
    const info = JSON.parse(readFileSync(infoPath, 'utf8'));
    expect(info).toMatchObject({
      pid: daemon.child.pid,
      context: 'workshop-sim',
      kubeconfig: join(dir, 'kubeconfig'),
    });
    expect(Object.keys(info).sort()).toEqual([
      'apiUrl',
      'context',
      'http',
      'https',
      'kubeconfig',
      'nodePortHost',
      'pid',
      'startedAt',
    ]);
    const ns = await new Promise<string>((resolve, reject) =>
      execFile(
        'kubectl',
        [
          '--kubeconfig',
          info.kubeconfig,
          '--cache-dir',
          join(dir, 'kc'),
          'get',
          'ns',
          'default',
          '-o',
          'name',
        ],
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(ns.trim()).toBe('namespace/default');
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(existsSync(infoPath)).toBe(false);
  }, 60_000);

  it('prints one clear line and exits 1 when an entry-point port is taken', async () => {
    const dir = await tempDir();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const daemon = startDaemon(['--state-dir', dir, '--http-port', String(port), '--https-port', '0']);
    expect(await daemon.exited).toBe(1);
    expect(daemon.stderr()).toBe(
      `port ${port} on 127.0.0.1 is already in use by another program; pass --http-port to choose another\n`,
    );
    expect(existsSync(join(dir, 'cluster.json'))).toBe(false);
  }, 60_000);
});
