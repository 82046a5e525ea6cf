// Builds a PATH for contract tests: the fake docker/podman/kind/ss from fixtures/bin plus only the
// basic utilities they need, so a real docker, kind or ss on the machine can never answer instead.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('./fixtures/bin/', import.meta.url));
const UTILITIES = ['sh', 'bash', 'cat', 'cp', 'mv', 'grep', 'touch', 'rm', 'mkdir'];

export interface FakeTools {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** The commands the fakes received, one per line (`kind create cluster --name workshop …`). */
  calls(): string[];
  state: string;
}

export function fakeTools(options: { tools?: string[]; env?: Record<string, string> } = {}): FakeTools {
  const dir = mkdtempSync(join(tmpdir(), 'fake-tools-'));
  const bin = join(dir, 'bin');
  const state = join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  for (const tool of [...(options.tools ?? ['docker', 'kind']), 'ss'])
    symlinkSync(join(FIXTURES, tool), join(bin, tool));
  for (const util of UTILITIES) {
    const path = execFileSync('sh', ['-c', `command -v ${util}`], { encoding: 'utf8' }).trim();
    symlinkSync(path, join(bin, `${util}`));
  }
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  return {
    dir,
    state,
    env: { PATH: bin, HOME: dir, FAKE_LOG: log, FAKE_STATE: state, ...options.env },
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}
