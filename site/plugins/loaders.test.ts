// The build-time loaders that put real lab files on lesson pages.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const manifestLoader = require('./manifest-loader.cjs') as (this: unknown, source: string) => string;
const labLoader = require('./lab-loader.cjs') as (this: unknown, source: string) => string;

function run(loader: (this: unknown, source: string) => string, source: string, resourcePath: string) {
  const dependencies: string[] = [];
  const output = loader.call(
    { resourcePath, addDependency: (f: string) => dependencies.push(f), addMissingDependency: () => {} },
    source,
  );
  return { value: JSON.parse(output.replace(/^export default /, '').replace(/;$/, '')), dependencies };
}

describe('the manifest loader', () => {
  it('maps every YAML path to the lines it spans', () => {
    const yaml =
      'apiVersion: v1\nkind: Service\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n      targetPort: 8080\n';
    const { value } = run(manifestLoader, yaml, join(process.cwd(), '..', 'labs/x/service.yaml'));
    expect(value.path).toBe('labs/x/service.yaml');
    expect(value.text).toBe(yaml);
    expect(value.ranges['spec.selector']).toEqual([4, 5]);
    expect(value.ranges['spec.ports[0].targetPort']).toEqual([8, 8]);
    expect(value.ranges['spec.ports[0]']).toEqual([7, 8]);
  });

  it('refuses a file that is not valid YAML, naming the file', () => {
    expect(() => run(manifestLoader, 'a: [1', '/labs/broken.yaml')).toThrow(/broken\.yaml/);
  });
});

describe('the lab loader', () => {
  it('reads the checks a lab declares in grade.test.ts, with points and hints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-'));
    writeFileSync(
      join(dir, 'grade.test.ts'),
      `check('Service exists', { points: 2, hint: 'Apply exercise/service.yaml' }, async () => {});\n` +
        `check(\`Traffic reaches 3 Pods\`, { points: 3, hint: 'Check the selector' }, async () => {});\n`,
    );
    const { value, dependencies } = run(
      labLoader,
      'id: "99"\nslug: demo\ntitle: Demo\n',
      join(dir, 'lab.yaml'),
    );
    expect(value.lab.id).toBe('99');
    expect(value.checks).toEqual([
      { title: 'Service exists', points: 2, hint: 'Apply exercise/service.yaml' },
      { title: 'Traffic reaches 3 Pods', points: 3, hint: 'Check the selector' },
    ]);
    expect(dependencies).toEqual([join(dir, 'grade.test.ts')]);
  });

  it('lists no checks for a lab without a grade.test.ts yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-'));
    const { value } = run(labLoader, 'id: "98"\nslug: empty\ntitle: Empty\n', join(dir, 'lab.yaml'));
    expect(value.checks).toEqual([]);
  });
});
