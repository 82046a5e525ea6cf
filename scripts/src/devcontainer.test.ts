// The dev container (Codespaces, Windows): Node 20, Docker-in-Docker for the kind runtime, the sim
// by default, and a post-create script that installs the kind version the runtime pins.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_VERSION } from '@workshop/runtime';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './repo.ts';

const dir = join(REPO_ROOT, '.devcontainer');

describe('the dev container', () => {
  const config = JSON.parse(readFileSync(join(dir, 'devcontainer.json'), 'utf8'));

  it('runs Node 20 with Docker-in-Docker and kubectl, and defaults to the embedded cluster', () => {
    expect(config.image).toMatch(/typescript-node:\d+-20-/);
    expect(Object.keys(config.features)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/docker-in-docker:\d+$/)]),
    );
    expect(config.containerEnv.WORKSHOP_RUNTIME).toBe('sim');
    expect(config.forwardPorts).toEqual(expect.arrayContaining([8080, 8443, 30000]));
    expect(config.postCreateCommand).toBe('bash .devcontainer/post-create.sh');
  });

  it('installs the kind version the runtime pins, for the machine architecture, then npm ci', () => {
    const script = join(dir, 'post-create.sh');
    execFileSync('bash', ['-n', script]);
    const text = readFileSync(script, 'utf8');
    const line = /^kind_version="\$\((.*)\)"$/m.exec(text)?.[1] ?? '';
    const version = execFileSync('bash', ['-c', line], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    expect(version).toBe(KIND_VERSION);
    expect(text).toMatch(/kind-linux-\$\{arch\}/);
    expect(text).toMatch(/\nnpm ci\b/);
  });
});
