import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultImageCatalog, imageNameMatcher, REPO_ROOT, StartError } from './image-catalog.ts';

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

  it('maps traefik to the sim ingress controller with the container args as its flags', () => {
    const plan = catalog
      .find('traefik:v3.7.9')
      ?.plan({ name: 'traefik', image: 'traefik:v3.7.9', args: ['--ping=true'] });
    expect(plan?.entry).toBe(path.join(REPO_ROOT, 'packages/sim/src/ingress/main.ts'));
    expect(plan?.nodeArgs).toEqual(['--import', 'tsx']);
    expect(plan?.args).toEqual(['--ping=true']);
  });

  it('does not have other images and says which ones it has', () => {
    expect(catalog.find('nginx:1.27')).toBeUndefined();
    expect(catalog.missingMessage('nginx:1.27')).toBe(
      'image "nginx:1.27" is not available in the sim: it has no registry access; images it can run: workshop/backend:*, traefik:*',
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

  it('honours a node command and refuses a shell one like a distroless image', () => {
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
    expect(() => entry?.plan({ name: 'a', image: 'x', command: ['sh', '-c', 'exit 1'] })).toThrow(StartError);
    expect(() => entry?.plan({ name: 'a', image: 'x', command: ['sh'] })).toThrow(
      'exec: "sh": executable file not found in $PATH',
    );
  });
});
