// `npm test`: every workspace's tests through turbo (one at a time: several start clusters), then
// the closing summary: what was skipped and why, and "N passed, N failed" over every test run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Reports of an earlier run must not stand in for a package whose tests crash this time.
for (const group of ['apps', 'packages', '.']) {
  const dir = join(root, group);
  for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
    if (entry.isDirectory()) rmSync(join(dir, entry.name, 'test-results'), { recursive: true, force: true });
  }
}
const turbo = spawnSync(
  'npx',
  ['turbo', 'run', 'test', '--continue', '--concurrency=1', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const count = spawnSync(process.execPath, [fileURLToPath(new URL('./count-tests.mjs', import.meta.url))], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(turbo.status !== 0 ? (turbo.status ?? 1) : (count.status ?? 1));
