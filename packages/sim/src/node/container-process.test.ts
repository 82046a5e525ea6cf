import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nthAddress, randomTestNetwork } from '../core/network.ts';
import { buildPodNetworkShim } from './shim/build-shim.ts';
import { eventually } from './testing.ts';

let dir = '';
let containerPid = 0;
afterEach(async () => {
  // If the watchdog failed, do not leave the process behind for the next test run.
  if (containerPid && alive(containerPid)) process.kill(containerPid, 'SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('container processes', () => {
  it('die with the sim even when the sim is killed with SIGKILL', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sim-orphan-'));
    const shim = await buildPodNetworkShim(dir);
    const helper = fileURLToPath(new URL('./testdata/orphan-parent.ts', import.meta.url));
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', helper, shim, dir, nthAddress(randomTestNetwork().podCIDR, 2)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    parent.stdout.on('data', (chunk) => (out += chunk));
    const pid = await eventually(
      'the container pid',
      () => Number(out.trim().split('\n')[0]) || undefined,
      20_000,
    );
    containerPid = pid;
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await eventually('the container process to exit', () => !alive(pid), 5000);
  });
});
