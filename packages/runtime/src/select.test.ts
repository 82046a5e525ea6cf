import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTools } from '../test/fake-tools.ts';
import { chooseRuntime, rememberRuntime, SIM_FALLBACK_NOTICE } from './select.ts';

const dirs: string[] = [];
const repo = () => {
  const dir = mkdtempSync(join(tmpdir(), 'select-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('chooseRuntime', () => {
  it('prefers the flag, then WORKSHOP_RUNTIME, then the remembered choice', async () => {
    const repoRoot = repo();
    rememberRuntime({ repoRoot }, 'existing');
    expect(await chooseRuntime({ repoRoot, flag: 'kind', env: { WORKSHOP_RUNTIME: 'sim' } })).toMatchObject({
      name: 'kind',
      source: 'flag',
    });
    expect(await chooseRuntime({ repoRoot, env: { WORKSHOP_RUNTIME: 'sim' } })).toMatchObject({
      name: 'sim',
      source: 'env',
    });
    expect(await chooseRuntime({ repoRoot, env: {} })).toMatchObject({
      name: 'existing',
      source: 'remembered',
    });
  });

  it('rejects an unknown runtime name with the valid ones', async () => {
    await expect(chooseRuntime({ repoRoot: repo(), flag: 'minikube' })).rejects.toThrow(
      '--runtime must be one of kind, sim, existing; found "minikube"',
    );
  });

  it('picks kind when Docker and kind answer, and the sim with a notice when Docker does not', async () => {
    const tools = fakeTools();
    dirs.push(tools.dir);
    expect(await chooseRuntime({ repoRoot: repo(), env: tools.env })).toEqual({
      name: 'kind',
      source: 'auto',
    });
    const down = fakeTools({ env: { FAKE_DOCKER: 'down' } });
    dirs.push(down.dir);
    expect(await chooseRuntime({ repoRoot: repo(), env: down.env })).toEqual({
      name: 'sim',
      source: 'auto',
      notice: SIM_FALLBACK_NOTICE,
    });
  });
});
