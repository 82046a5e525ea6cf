// The lessons embed the labs' manifests; at the site's column width (1280 px screens) a code block
// holds about 80 characters after its line numbers. A longer line wraps there, which reads badly in
// a comment (a TODO cut mid-sentence), so the comments are kept to 78 columns; a YAML value that
// cannot be broken (a long annotation) may be longer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { labFolders } from '@workshop/lab';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from './paths.ts';

const MAX_COLUMNS = 78;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("the labs' manifests fit a lesson's code block", () => {
  it(`have no comment line longer than ${MAX_COLUMNS} characters`, () => {
    const long: string[] = [];
    for (const folder of labFolders(LABS_DIR)) {
      for (const part of ['base', 'exercise', 'solution']) {
        const dir = join(LABS_DIR, folder, part);
        let found: string[] = [];
        try {
          found = files(dir);
        } catch {
          continue;
        }
        for (const file of found.filter((f) => /\.ya?ml$/.test(f))) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              const columns = [...line].length;
              if (/^\s*#/.test(line) && columns > MAX_COLUMNS)
                long.push(`${relative(LABS_DIR, file)}:${i + 1} has ${columns}`);
            });
        }
      }
    }
    expect(long).toEqual([]);
  });
});
