// The browser test on a machine without Chromium: skipped with its reason and the install command
// when CI is not set (a learner's `npm test` after `npm ci`), a failure when it is (CI must run it).
// The browser is hidden by pointing CHROMIUM_PATH at a file that does not exist.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const siteDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

function browserTest(ci: string): { code: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    // Its own reporter only: the JSON report of this run is the outer vitest's to write.
    [vitest, 'run', 'test/site.e2e.test.ts', '--reporter=verbose'],
    {
      cwd: siteDir,
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: join(siteDir, 'no-such-dir/chromium'), CI: ci, NO_COLOR: '1' },
      timeout: 120_000,
    },
  );
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the browser test without a browser', () => {
  it('is skipped, saying why and how to install one, when CI is not set', () => {
    const run = browserTest('');
    expect(run.output).toContain('skipped: no Chromium at');
    expect(run.output).toContain('apt-get install chromium');
    expect(run.code, run.output).toBe(0);
  }, 120_000);

  it('fails when CI is set, naming the missing browser', () => {
    const run = browserTest('true');
    expect(run.output).toContain('Chromium not found at');
    expect(run.code).not.toBe(0);
  }, 120_000);
});
