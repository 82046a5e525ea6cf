// Sums every vitest JSON report written during `npm test` into the closing "N passed, N failed"
// line. A workspace whose test script left no report (it crashed before vitest could write one)
// counts as one failure, so a broken package can never vanish from the total. Skipped tests are
// listed first, one line per suite, with the reason their suite's title gives.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function workspaceDirs() {
  const dirs = [];
  for (const pattern of workspaces) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(join(parent, entry.name));
      }
    } else dirs.push(join(root, pattern));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

let passed = 0;
let failed = 0;
/** `<package>: <suite title>` → how many of its tests were skipped. */
const skipped = new Map();
for (const dir of workspaceDirs()) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!manifest.scripts?.test) continue;
  const report = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(report)) {
    console.log(`${manifest.name}: no test report (its tests did not run to the end)`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of result.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'skipped' && test.status !== 'pending') continue;
      const suite = test.ancestorTitles?.[0] ?? test.title;
      const key = `${manifest.name}: ${suite}`;
      skipped.set(key, (skipped.get(key) ?? 0) + 1);
    }
  }
  passed += result.numPassedTests ?? 0;
  failed += (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
}
for (const [suite, count] of skipped)
  console.log(`skipped ${count} test${count === 1 ? '' : 's'} of ${suite}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
