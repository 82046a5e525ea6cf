// A PATH holding only the fake tools a test asks for (docker, podman, kind, ss from packages/runtime's
// fixtures, kubectl from ours) plus basic utilities, so real tools on the machine never answer.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES: Record<string, string> = {
  docker: fileURLToPath(new URL('../../packages/runtime/test/fixtures/bin/docker', import.meta.url)),
  podman: fileURLToPath(new URL('../../packages/runtime/test/fixtures/bin/podman', import.meta.url)),
  kind: fileURLToPath(new URL('../../packages/runtime/test/fixtures/bin/kind', import.meta.url)),
  ss: fileURLToPath(new URL('../../packages/runtime/test/fixtures/bin/ss', import.meta.url)),
  kubectl: fileURLToPath(new URL('./fixtures/bin/kubectl', import.meta.url)),
};
const UTILITIES = ['sh', 'bash', 'cat', 'cp', 'mv', 'grep', 'touch', 'rm', 'mkdir'];

export function fakePath(
  tools: Array<keyof typeof SOURCES>,
  env: Record<string, string> = {},
): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-path-'));
  const bin = join(dir, 'bin');
  const state = join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  for (const tool of tools) symlinkSync(SOURCES[tool] as string, join(bin, tool));
  for (const util of UTILITIES) {
    symlinkSync(
      execFileSync('sh', ['-c', `command -v ${util}`], { encoding: 'utf8' }).trim(),
      join(bin, util),
    );
  }
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  return { dir, env: { PATH: bin, HOME: dir, FAKE_LOG: log, FAKE_STATE: state, ...env } };
}
