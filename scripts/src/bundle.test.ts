// The `lab` command from its cached bundle (src/bundle.ts, bin/lab.mjs): built on the first run,
// reused after, the same output as from source, and the tsx path whenever the bundle cannot be used.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'lab-bundle-'));

afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        env: { ...process.env, CI: '1', NO_COLOR: '1', WORKSHOP_LABS_DIR: join(FIXTURES, 'labs'), ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const lab = (args: string[], env: Record<string, string> = {}) => node([LAB, ...args], env);

/** The bundle folder a `--verbose` run names. */
function bundleDirOf(stderr: string): string {
  const dir = / • lab: (?:built|running from) the bundle (\S+) /.exec(stderr)?.[1];
  if (!dir) throw new Error(`expected a note naming the bundle, found:\n${stderr}`);
  return dir;
}

describe('lab from its bundle', () => {
  it('builds the bundle on the first run, reuses it after, and prints what the sources print', async () => {
    const cache = join(temp, 'cache-reuse');
    const fromSource = await lab(['list'], { WORKSHOP_NO_BUNDLE: '1' });
    expect(fromSource.code).toBe(0);
    expect(fromSource.stdout).toContain('hello');

    const first = await lab(['list', '--verbose'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    expect(first.stderr).toMatch(/^ • lab: built the bundle /);
    expect(first).toMatchObject({ code: 0, stdout: fromSource.stdout });
    const second = await lab(['list', '--verbose'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    expect(second.stderr).toMatch(/^ • lab: running from the bundle /);
    expect(bundleDirOf(second.stderr)).toBe(bundleDirOf(first.stderr));
    expect(second).toMatchObject({ code: 0, stdout: fromSource.stdout });
  }, 60_000);

  it('says so under --verbose when WORKSHOP_NO_BUNDLE=1 runs the sources through tsx', async () => {
    const run = await lab(['list', '--verbose'], { WORKSHOP_NO_BUNDLE: '1' });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(' • lab: WORKSHOP_NO_BUNDLE=1: running the sources through tsx\n');
  });

  it('falls back to the sources when the bundle fails to load: silently, or with the reason under --verbose', async () => {
    const cache = join(temp, 'cache-broken');
    const built = await lab(['list', '--verbose'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    // Same inputs, so the next run reuses this file: make it throw as it loads.
    writeFileSync(join(bundleDirOf(built.stderr), 'cli.mjs'), 'throw new Error("a broken bundle");\n');
    const quiet = await lab(['list'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    expect(quiet).toMatchObject({ code: 0, stdout: built.stdout, stderr: '' });
    const verbose = await lab(['list', '--verbose'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain(' • lab: running the sources through tsx: a broken bundle\n');
    expect(verbose.stdout).toBe(built.stdout);
  }, 60_000);

  it('falls back to the sources when the bundle cannot be written', async () => {
    const notADir = join(temp, 'a-file');
    writeFileSync(notADir, '');
    const run = await lab(['list', '--verbose'], { WORKSHOP_BUNDLE_CACHE_DIR: join(notADir, 'cache') });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('hello');
    expect(run.stderr).toMatch(/^ • lab: running the sources through tsx: \S/);
  }, 60_000);

  it("gives a lab file's import of a workspace package the bundle's module, until the redirects are off", async () => {
    const run = await node(
      ['--import', 'tsx', join(FIXTURES, 'bundle/check-redirect.ts'), join(temp, 'cache-redirect')],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ redirected: true, afterDisable: false, sourceLoaded: true });
  }, 60_000);

  it("bundles a lab file when the command runs with no module hooks, sharing the command's modules", async () => {
    const dir = mkdtempSync(join(temp, 'lab-module-'));
    const run = await node(
      ['--import', 'tsx', join(FIXTURES, 'bundle/check-lab-module.ts'), join(temp, 'cache-lab-module'), dir],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ sharesKube: true, versions: [1, 2], hooks: false });
  }, 60_000);

  it('runs a fresh bundle with no module hooks, and says so under --verbose', async () => {
    const cache = join(temp, 'cache-fast');
    await lab(['list'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    const run = await lab(['list', '--verbose'], { WORKSHOP_BUNDLE_CACHE_DIR: cache });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^ • lab: running from the bundle \S+ with no module hooks /);
  }, 60_000);
});
