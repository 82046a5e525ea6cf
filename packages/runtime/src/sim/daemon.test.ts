import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { daemonLaunch } from './daemon.ts';
import { SIM_DAEMON_PATH } from './driver.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const daemon = join(repoRoot, SIM_DAEMON_PATH);

describe('daemonLaunch', () => {
  it('runs the real sim daemon from its fresh one-file bundle', async () => {
    const launch = await daemonLaunch(daemon, {});
    expect(launch.args).toHaveLength(1);
    expect(launch.args[0]).toMatch(
      /node_modules\/\.cache\/workshop-sim\/daemon-[0-9a-f]{8}-[0-9a-f]{16}\.mjs$/,
    );
    expect(existsSync(launch.args[0] as string)).toBe(true);
    expect(launch.note).toMatch(
      new RegExp(`^sim: (built|reusing) the daemon bundle \\S+ \\(of ${daemon}\\)$`),
    );
  });

  it('runs it through tsx when WORKSHOP_SIM_TSX=1', async () => {
    expect(await daemonLaunch(daemon, { WORKSHOP_SIM_TSX: '1' })).toEqual({
      args: ['--import', 'tsx', daemon],
    });
  });

  it('falls back to tsx, saying why, when the daemon cannot be bundled', async () => {
    const missing = join(repoRoot, 'packages/sim/src/no-such-daemon.ts');
    const launch = await daemonLaunch(missing, {});
    expect(launch.args).toEqual(['--import', 'tsx', missing]);
    expect(launch.note).toBe(
      `sim: running the daemon through tsx: esbuild could not bundle ${missing}: Could not resolve "${missing}"`,
    );
  });
});
