import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLabSync } from './lab-cli.ts';
import { LABS_DIR } from './paths.ts';

/** A markdown table as its cells, so the formatter's column padding does not count. */
function cells(table: string | undefined): string[][] {
  return (table ?? '')
    .trim()
    .split('\n')
    .map((row) => row.split('|').map((cell) => cell.trim().replace(/^-+(:?)$/, '---$1')));
}

describe("labs/README.md's table of labs", () => {
  it('is the one `lab list --markdown` makes from the labs as they are', () => {
    const readme = readFileSync(join(LABS_DIR, 'README.md'), 'utf8');
    const table = /<!-- labs-table:start -->\n([\s\S]*?)<!-- labs-table:end -->/.exec(readme)?.[1];
    const made = runLabSync(['list', '--markdown'], { ...process.env, NO_COLOR: '1' });
    expect(made.code, made.stderr).toBe(0);
    expect(
      cells(table),
      'labs/README.md is stale: paste `npx lab list --markdown` between its labs-table markers',
    ).toEqual(cells(made.stdout));
  });
});
