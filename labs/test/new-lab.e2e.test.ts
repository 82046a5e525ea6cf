// docs/adding-a-lab.md, followed literally: `lab new` writes a skeleton that loads but fails its own
// self-test, and the skeleton filled in with the page's own file blocks proves itself like any lab.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadLab } from '@workshop/lab';
import { afterAll, describe, expect, it } from 'vitest';
import { labSelfTest, summary } from './harness.ts';
import { LAB_BIN, REPO_ROOT } from './paths.ts';
import { proveLab } from './prove-lab.ts';

// Inside the repository (in the git-ignored test-results/, not node_modules/, which tsx leaves
// alone), so the lab's checks.ts resolves @workshop/grader as a real lab's does.
const results = join(REPO_ROOT, 'labs', 'test-results');
mkdirSync(results, { recursive: true });
const root = mkdtempSync(join(results, 'new-lab-'));
const labs = join(root, 'labs');
mkdirSync(join(root, 'site', 'docs', 'lessons'), { recursive: true });

function labNew(folder: string): void {
  const run = spawnSync(process.execPath, [LAB_BIN, 'new', folder], {
    env: { ...process.env, WORKSHOP_LABS_DIR: labs, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`lab new ${folder} exited ${run.status}:\n${run.stderr}`);
}

/** The page's fenced blocks that carry `file=<path>`, as path → text. */
function fileBlocks(markdown: string): Record<string, string> {
  const files: Record<string, string> = {};
  const fence = /^(`{3,})\w*\s+file=(\S+)\n([\s\S]*?)^\1\s*$/gm;
  for (const match of markdown.matchAll(fence)) files[match[2] ?? ''] = match[3] ?? '';
  return files;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

labNew('98-draft');
labNew('99-demo');
const guide = fileBlocks(readFileSync(join(REPO_ROOT, 'docs', 'adding-a-lab.md'), 'utf8'));
for (const [path, text] of Object.entries(guide)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('a new lab, straight from lab new', () => {
  const draft = labSelfTest(labs, '98-draft');
  afterAll(() => draft.cleanup());

  it('loads cleanly, and the guide gives every file the walk-through changes', () => {
    expect(loadLab(labs, '98-draft').checks.map((c) => c.id)).toEqual(['service-type']);
    expect(Object.keys(guide).sort()).toEqual([
      'labs/99-demo/checks.ts',
      'labs/99-demo/exercise/service-backend.yaml',
      'labs/99-demo/lab.yaml',
      'labs/99-demo/selftest.yaml',
      'site/docs/lessons/99-demo.mdx',
    ]);
  });

  it('fails its own self-test until its checks are written: the solution scores below full marks', {
    timeout: 240_000,
  }, async () => {
    const graded = await draft.grade(['--solution']);
    expect(graded.report.score, summary(graded)).toBeLessThan(graded.report.maxScore);
    expect(graded.code).toBe(1);
    expect(graded.report.checks[0]?.message).toContain('a TODO in labs/98-draft/checks.ts');
  });
});

proveLab(labs, '99-demo');
