// Lessons keep the reference solution folded away: a learner who scrolls past the exercise should
// not read the answer by accident. Every embedded solution file sits inside <details>.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLessonPages } from '@workshop/lab';
import { describe, expect, it } from 'vitest';

const siteDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The `::lab-file` lines of a page that show a solution/ file outside a <details> block. */
export function unfoldedSolutions(body: string): number[] {
  const open: number[] = [];
  const found: number[] = [];
  for (const [i, line] of body.split('\n').entries()) {
    if (/^\s*<details\b/.test(line)) open.push(i);
    else if (/^\s*<\/details>/.test(line)) open.pop();
    else if (/^\s*::lab-file\{[^}]*path="solution\//.test(line) && open.length === 0) found.push(i + 1);
  }
  return found;
}

describe('the lessons', () => {
  it('find a solution outside <details> in a test page, and none inside', () => {
    const page =
      'a\n::lab-file{path="solution/x.yaml"}\n<details>\n::lab-file{path="solution/x.yaml"}\n</details>\n';
    expect(unfoldedSolutions(page)).toEqual([2]);
  });

  it('fold every embedded solution file away in <details>', () => {
    const open = readLessonPages(siteDir, join(siteDir, '..')).flatMap((page) =>
      unfoldedSolutions(page.body).map((line) => `${page.shown}:${line + page.bodyLine - 1}`),
    );
    expect(open).toEqual([]);
  });
});
