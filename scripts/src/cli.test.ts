import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakePath } from '../test/fake-path.ts';
import { FIXTURES, LAB, labRunner } from '../test/lab-process.ts';

const state = mkdtempSync(join(tmpdir(), 'lab-cli-'));
const lab = labRunner(state);

afterAll(async () => {
  await lab(['cluster', 'down', '--runtime', 'sim']);
  rmSync(state, { recursive: true, force: true });
});

describe('lab CLI: bad input gets one line and an exit code', () => {
  it('lists the valid labs for an unknown lab id (exit 2)', async () => {
    const result = await lab(['start', '99']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('lab: unknown lab "99"; the labs are: 01 (hello)\n');
  });

  it('reports malformed lab.yaml as file:line:col (exit 2)', async () => {
    // Written here, not kept as a fixture: the repository's YAML linting would (rightly) reject it.
    const broken = join(state, 'labs-broken');
    mkdirSync(join(broken, '02-broken'), { recursive: true });
    writeFileSync(
      join(broken, '02-broken/lab.yaml'),
      'id: "02"\nslug: broken\ntitle: [unclosed\nminutes: 5\n',
    );
    const result = await lab(['list'], { WORKSHOP_LABS_DIR: broken });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^lab: \S*02-broken\/lab\.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/,
    );
  });

  it('names the field, the expectation and what was found for an invalid lab.yaml (exit 2)', async () => {
    const result = await lab(['list'], { WORKSHOP_LABS_DIR: join(FIXTURES, 'labs-invalid') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /03-invalid\/lab\.yaml:4:10: "minutes" must be a whole number above 0; found "ten"\n$/,
    );
  });

  it('exits 2 on an unknown command', async () => {
    const result = await lab(['lsit']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'lsit'");
  });

  it('names the reporters it knows when given an unknown one (exit 2)', async () => {
    const result = await lab(['grade', '1', '--reporter', 'consle']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'lab: unknown reporter "consle"; choose from console, json, junit, github, classroom\n',
    );
  });

  it('says which exercise file is missing and how to restore it (exit 1)', async () => {
    const file = join(FIXTURES, 'labs/01-hello/exercise/service-hello.yaml');
    renameSync(file, `${file}.away`);
    try {
      const result = await lab(['start', 'hello']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^lab: \S*01-hello\/exercise\/service-hello\.yaml is missing; restore it with: npx lab reset 01\n$/,
      );
    } finally {
      renameSync(`${file}.away`, file);
    }
  });

  it('rejects an unknown runtime name with the valid names (exit 2)', async () => {
    const result = await lab(['cluster', 'status', '--runtime', 'minikube']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('lab: --runtime must be one of kind, sim, existing; found "minikube"\n');
  });
});

describe('lab hint and the languages', () => {
  it("shows a check's hint levels, and the fix only when asked", async () => {
    const hints = await lab(['hint', '01', 'service']);
    expect(hints.code).toBe(0);
    expect(hints.stdout).toBe(
      'Service "hello" exists (1 points; lesson: /lessons/hello#the-lab)\n 1. Apply exercise/service-hello.yaml\n 2. Its metadata.name must be hello\nThe literal fix: npx lab hint 01 service --fix\n',
    );
    expect((await lab(['hint', '01', 'service', '--fix'])).stdout).toContain(' fix: metadata.name: hello\n');
    const unknown = await lab(['hint', '01', 'servce']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('lab: lab 01 has no check "servce"; its checks are service\n');
  });

  it('speaks Korean with --lang ko or a Korean LANG, and English where the overlay is silent', async () => {
    const flag = await lab(['hint', '01', 'service', '--lang', 'ko']);
    expect(flag.stdout).toContain('Service "hello"가 있다');
    expect(flag.stdout).toContain(
      ' 1. exercise/service-hello.yaml을 적용하세요\n 2. Its metadata.name must be hello\n',
    );
    const env = await lab(['list'], { LANG: 'ko_KR.UTF-8' });
    expect(env.stdout).toContain('헬로 — 테스트용 실습');
    const english = await lab(['list'], { LANG: 'de_DE.UTF-8' });
    expect(english.stdout).toContain('Hello — a fixture lab');
    const bad = await lab(['list', '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('lab: unknown language "fr"; the workshop is written in en, ko\n');
  });
});

describe('lab new', () => {
  it('writes a lab skeleton and its lesson, which load, and refuses a bad or taken name (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-new-'));
    try {
      const env = { WORKSHOP_LABS_DIR: join(root, 'labs') };
      const made = await lab(['new', '07-why-ingress'], env);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stderr).toContain('its one check is a TODO');
      expect(existsSync(join(root, 'labs/07-why-ingress/checks.ts'))).toBe(true);
      expect(readFileSync(join(root, 'site/docs/lessons/07-why-ingress.mdx'), 'utf8')).toContain(
        'lab: 07-why-ingress',
      );
      const listed = await lab(['list', '--json'], env);
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: '07', maxScore: 1, lesson: '/lessons/07-why-ingress' },
      ]);
      const again = await lab(['new', '07-other'], env);
      expect(again.code).toBe(2);
      expect(again.stderr).toBe('lab: lab 07 exists already (07-why-ingress); a lab id names one lab\n');
      const bad = await lab(['new', 'why-ingress'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('is not a lab folder name');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('binds an existing "coming" lesson page instead of writing a second one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-new-'));
    try {
      mkdirSync(join(root, 'site/docs/lessons'), { recursive: true });
      const page = join(root, 'site/docs/lessons/02-labels-and-selectors.mdx');
      writeFileSync(
        page,
        '---\nid: labels-and-selectors\ntitle: "02 · Labels"\n---\n\n# Labels\n\nComing.\n',
      );
      const made = await lab(['new', '02-selectors'], { WORKSHOP_LABS_DIR: join(root, 'labs') });
      expect(made.code, made.stderr).toBe(0);
      const text = readFileSync(page, 'utf8');
      expect(text).toContain('lab: 02-selectors\n---');
      expect(text).toContain('## The lab {#the-lab}');
      expect(existsSync(join(root, 'site/docs/lessons/02-selectors.mdx'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('lab CLI: the loop on the sim runtime (fake daemon)', () => {
  it('stops quietly when the reader of its output goes away (lab list | head)', async () => {
    const child = spawn(process.execPath, [LAB, 'list'], {
      env: { ...process.env, CI: '1', NO_COLOR: '1', WORKSHOP_LABS_DIR: join(FIXTURES, 'labs') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('lists the labs', async () => {
    const result = await lab(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^01 {2}hello +5 min {2}Hello — a fixture lab\n$/);
  });

  it('brings the cluster up, reports it as JSON, starts a lab, and takes the cluster down', async () => {
    const up = await lab(['cluster', 'up', '--runtime', 'sim', '--json']);
    expect(up.stderr).toContain(' ✓ Waiting for Traefik to be ready');
    expect(up.code).toBe(0);
    const status = JSON.parse(up.stdout) as Record<string, string>;
    expect(status).toMatchObject({ runtime: 'sim', running: true, nodePortHost: '127.0.0.1' });
    expect(status.kubeconfig).toMatch(/^\//);
    expect(status.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(readFileSync(join(state, 'runtime.json'), 'utf8')).runtime).toBe('sim');

    // The remembered runtime is used without --runtime.
    const again = await lab(['cluster', 'status', '--json']);
    expect(JSON.parse(again.stdout)).toEqual(status);

    const start = await lab(['start', '1']);
    expect(start.code).toBe(0);
    expect(start.stderr).toContain(' ✓ Creating namespace lab-01');
    expect(start.stderr).toContain('Deployment lab-01/hello created');
    expect(start.stderr).toContain(' ✓ Leaving a note for the test');
    expect(start.stderr).toMatch(/Edit:\n {3}\S*01-hello\/exercise\/service-hello\.yaml\n/);
    expect(start.stderr).toContain(' Then: npx lab grade 01');

    const down = await lab(['down']);
    expect(down.code).toBe(0);
    expect(existsSync(join(state, 'sim/cluster.json'))).toBe(false);
    const after = await lab(['cluster', 'status']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('lab: the cluster is not running; start it with: npx lab cluster up');
  }, 180_000); // five lab commands in a row; each can take several seconds on a loaded 2-core machine

  it('resets an exercise to exactly what was shipped, keeping every file in the backup; solution says how to grade it', async () => {
    // A git repository of its own: reset restores the exercise from git.
    const repo = mkdtempSync(join(tmpdir(), 'lab-cli-reset-'));
    cpSync(join(FIXTURES, 'labs'), join(repo, 'labs'), { recursive: true });
    cpSync(join(FIXTURES, 'site'), join(repo, 'site'), { recursive: true });
    // As in the workshop's repository, the lab's setup.ts is an ES module.
    writeFileSync(join(repo, 'package.json'), '{ "type": "module" }\n');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@x',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@x',
        },
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'shipped');
    const exercise = join(repo, 'labs/01-hello/exercise');
    const shipped = readFileSync(join(exercise, 'service-hello.yaml'), 'utf8');
    writeFileSync(join(exercise, 'service-hello.yaml'), `${shipped}# my edit\n`);
    writeFileSync(join(exercise, 'notes.txt'), 'my notes\n');
    mkdirSync(join(exercise, 'scratch'));
    writeFileSync(join(exercise, 'scratch/try.yaml'), 'kind: Service\n');
    const env = { WORKSHOP_LABS_DIR: join(repo, 'labs') };
    try {
      const reset = await lab(['reset', '01', '--runtime', 'sim'], env);
      expect(reset.code, reset.stderr).toBe(0);
      expect(readdirSync(exercise)).toEqual(['service-hello.yaml']);
      expect(readFileSync(join(exercise, 'service-hello.yaml'), 'utf8')).toBe(shipped);
      const backups = join(state, 'backups');
      const [backup] = readdirSync(backups).filter((d) => d.startsWith('01-'));
      expect(backup).toBeDefined();
      const kept = join(backups, backup ?? '');
      expect(readFileSync(join(kept, 'notes.txt'), 'utf8')).toBe('my notes\n');
      expect(readFileSync(join(kept, 'scratch/try.yaml'), 'utf8')).toBe('kind: Service\n');
      expect(readFileSync(join(kept, 'service-hello.yaml'), 'utf8')).toContain('# my edit');

      const solution = await lab(['solution', '01'], env);
      expect(solution.code, solution.stderr).toBe(0);
      expect(solution.stderr).toContain('grade it with: npx lab grade 01 --solution');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }, 120_000);

  it('lab doctor --runtime kind exits 3 on a machine without Docker and kind, naming each fix in one line', async () => {
    const fake = fakePath(['docker'], { FAKE_DOCKER: 'down' });
    try {
      const env = { PATH: fake.env.PATH ?? '', FAKE_DOCKER: 'down', FAKE_LOG: fake.env.FAKE_LOG ?? '' };
      const kind = await lab(['doctor', '--runtime', 'kind'], env);
      expect(kind.code).toBe(3);
      expect(kind.stderr).toMatch(
        /^ ✗ .*is installed but the daemon does not answer \(Cannot connect to the Docker daemon/m,
      );
      expect(kind.stderr).toContain(
        ' ✗ kind is not installed\n     fix: curl -Lo ./kind https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-',
      );
      expect(kind.stderr).not.toMatch(/^\s+at /m);
      // Without --runtime the sim can run here, which is all the learner needs.
      expect((await lab(['doctor'], env)).code).toBe(0);
      const wrong = await lab(['doctor', '--runtime', 'minikube'], env);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toBe('lab: --runtime must be kind or sim for lab doctor; found "minikube"\n');
    } finally {
      rmSync(fake.dir, { recursive: true, force: true });
    }
  });

  it('does not remember a runtime that failed to come up (kind without a Docker daemon)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'lab-cli-kind-'));
    const bin = join(own, 'bin');
    mkdirSync(bin);
    for (const tool of ['docker', 'kind']) {
      const fake = join(bin, tool);
      writeFileSync(fake, '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n');
      chmodSync(fake, 0o755);
    }
    const env = { WORKSHOP_STATE_DIR: own, PATH: `${bin}:${process.env.PATH ?? ''}` };
    try {
      const up = await lab(['cluster', 'up', '--runtime', 'kind'], env);
      expect(up.code).toBe(3);
      expect(up.stderr).toMatch(/^lab: .*use --runtime sim/m);
      expect(existsSync(join(own, 'runtime.json'))).toBe(false);
      const status = await lab(['cluster', 'status', '--json'], env);
      expect(JSON.parse(status.stdout)).toMatchObject({ runtime: 'sim', running: false });
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
