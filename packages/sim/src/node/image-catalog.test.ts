import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backendImage,
  defaultImageCatalog,
  imageNameMatcher,
  REPO_ROOT,
  StartError,
} from './image-catalog.ts';

const catalog = defaultImageCatalog();

describe('the image catalog', () => {
  it('maps workshop/backend tags to the built backend app', () => {
    const entry = catalog.find('workshop/backend:0.1.0');
    expect(entry?.pattern).toBe('workshop/backend:*');
    expect(entry?.plan({ name: 'app', image: 'workshop/backend:0.1.0', args: ['--x'] })).toEqual({
      nodeArgs: [],
      entry: path.join(REPO_ROOT, 'apps/backend/dist/index.js'),
      args: ['--x'],
      cwd: path.join(REPO_ROOT, 'apps/backend'),
    });
  });

  it('maps traefik to the sim ingress controller run through tsx before its bundle is prepared', () => {
    const plan = defaultImageCatalog()
      .find('traefik:v3.7.9')
      ?.plan({ name: 'traefik', image: 'traefik:v3.7.9', args: ['--ping=true'] });
    expect(plan?.entry).toBe(path.join(REPO_ROOT, 'packages/sim/src/ingress/main.ts'));
    expect(plan?.nodeArgs).toEqual(['--import', 'tsx']);
    expect(plan?.args).toEqual(['--ping=true']);
  });

  it('runs traefik from a fresh bundle of the ingress controller once the image is prepared', async () => {
    const entry = defaultImageCatalog().find('traefik:v3.7.9');
    const lines: string[] = [];
    await entry?.prepare?.((line) => lines.push(line));
    const plan = entry?.plan({ name: 'traefik', image: 'traefik:v3.7.9', args: ['--ping=true'] });
    expect(plan?.nodeArgs).toEqual([]);
    expect(plan?.entry).toMatch(/node_modules\/\.cache\/workshop-sim\/main-[0-9a-f]{8}-[0-9a-f]{16}\.mjs$/);
    expect(existsSync(plan?.entry ?? '')).toBe(true);
    expect(plan?.args).toEqual(['--ping=true']);
    expect(plan?.cwd).toBe(REPO_ROOT);
    expect(lines.filter((line) => line.includes('runs through tsx'))).toEqual([]);
  });

  it('runs traefik through tsx when SIM_NO_BUNDLE=1', async () => {
    const entry = defaultImageCatalog().find('traefik:v3.7.9');
    process.env.SIM_NO_BUNDLE = '1';
    try {
      await entry?.prepare?.(() => {});
      const plan = entry?.plan({ name: 'traefik', image: 'traefik:v3.7.9' });
      expect(plan?.nodeArgs).toEqual(['--import', 'tsx']);
      expect(plan?.entry).toBe(path.join(REPO_ROOT, 'packages/sim/src/ingress/main.ts'));
    } finally {
      delete process.env.SIM_NO_BUNDLE;
    }
  });

  it('does not have other images and says which ones it has', () => {
    expect(catalog.find('nginx:1.27')).toBeUndefined();
    expect(catalog.missingMessage('nginx:1.27')).toBe(
      'image "nginx:1.27" is not available in the sim: it has no registry access; images it can run: workshop/backend:*, traefik:*, busybox:*, curlimages/curl:*',
    );
  });

  it('matches registry prefixes, digests and no tag, but not look-alike names', () => {
    const m = imageNameMatcher('traefik');
    expect(m('traefik')).toBe(true);
    expect(m('docker.io/library/traefik:v3')).toBe(true);
    expect(m('traefik@sha256:abc')).toBe(true);
    expect(m('traefik2:v3')).toBe(false);
    expect(imageNameMatcher('workshop/backend')('localhost:5000/workshop/backend:1')).toBe(false);
  });

  it('honours a node command, runs a toolbox command and refuses any other program', () => {
    const entry = catalog.find('workshop/backend:1');
    const plan = entry?.plan({
      name: 'a',
      image: 'x',
      command: ['node', '--max-old-space-size=64', 'dist/index.js'],
      args: ['a'],
    });
    expect(plan?.nodeArgs).toEqual(['--max-old-space-size=64']);
    expect(plan?.entry).toBe(path.join(REPO_ROOT, 'apps/backend/dist/index.js'));
    expect(plan?.args).toEqual(['a']);
    const shell = entry?.plan({ name: 'a', image: 'x', command: ['sh', '-c', 'sleep 1'] });
    expect(shell?.entry).toMatch(/toolbox|main/);
    expect(shell?.args).toEqual(['sh', '-c', 'sleep 1']);
    expect(() => entry?.plan({ name: 'a', image: 'x', command: ['java', '-jar', 'app.jar'] })).toThrow(
      StartError,
    );
    expect(() => entry?.plan({ name: 'a', image: 'x', command: ['java'] })).toThrow(
      'exec: "java": executable file not found in $PATH',
    );
  });

  it('runs busybox with its default sh, or the given command, through the toolbox', () => {
    const busybox = catalog.find('busybox:1.36');
    expect(busybox?.pattern).toBe('busybox:*');
    expect(busybox?.plan({ name: 'b', image: 'busybox' }).args).toEqual(['sh']);
    expect(busybox?.plan({ name: 'b', image: 'busybox', args: ['nslookup', 'web'] }).args).toEqual([
      'nslookup',
      'web',
    ]);
    expect(
      busybox?.plan({ name: 'b', image: 'busybox', command: ['sh', '-c'], args: ['hostname'] }).args,
    ).toEqual(['sh', '-c', 'hostname']);
  });

  it('runs the curl image like its entrypoint: options go to curl, anything else runs as given', () => {
    const image = catalog.find('curlimages/curl:8.11.1');
    expect(image?.plan({ name: 'c', image: 'curlimages/curl' }).args).toEqual(['curl']);
    expect(image?.plan({ name: 'c', image: 'curlimages/curl', args: ['-s', 'http://web'] }).args).toEqual([
      'curl',
      '-s',
      'http://web',
    ]);
    expect(
      image?.plan({ name: 'c', image: 'curlimages/curl', args: ['curl', '-s', 'http://web'] }).args,
    ).toEqual(['curl', '-s', 'http://web']);
  });

  it('builds the backend once when several Pods of several clusters ask for it at the same time', async () => {
    const repoRoot = mkdtempSync(path.join(tmpdir(), 'backend-image-'));
    try {
      mkdirSync(path.join(repoRoot, 'apps/backend/src'), { recursive: true });
      writeFileSync(path.join(repoRoot, 'apps/backend/src/index.ts'), 'export {};\n');
      let builds = 0;
      const build = async (root: string) => {
        builds++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        mkdirSync(path.join(root, 'apps/backend/dist'), { recursive: true });
        writeFileSync(path.join(root, 'apps/backend/dist/index.js'), '');
      };
      const lockFile = path.join(repoRoot, 'build.lock');
      const lines: string[] = [];
      const log = (line: string) => lines.push(line);
      const first = backendImage(repoRoot, { build, lockFile });
      const second = backendImage(repoRoot, { build, lockFile });
      await Promise.all([first.prepare?.(log), first.prepare?.(log), second.prepare?.(log)]);
      expect(builds).toBe(1);
      expect(lines.filter((line) => line.includes('Building image workshop/backend'))).toHaveLength(2);
      expect(lines[0]).toMatch(/^ • Building image workshop\/backend/);
    } finally {
      rmSync(repoRoot, { recursive: true, force: true });
    }
  });
});
