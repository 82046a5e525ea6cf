// Where a check's manifest field is in the submission: lab.yaml names it as a file of exercise/ and
// a YAML path, and the submission holds the same file name. A path the learner's file lacks points
// at its nearest ancestor that is there, which is where the field belongs.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type LabCheck, parseFieldPath, readYamlSource } from '@workshop/lab';
import type { CheckResult } from '../report.ts';

export function fieldLocator(
  submission: string,
  show: (file: string) => string,
): (check: LabCheck) => CheckResult['field'] {
  return (check) => {
    if (!check.field) return undefined;
    const file = join(submission, basename(check.field.file));
    if (!existsSync(file)) return undefined;
    try {
      const source = readYamlSource(file, show(file));
      const at = /:(\d+):(\d+)$/.exec(source.at(parseFieldPath(check.field.path)));
      if (!at) return undefined;
      return { file: show(file), line: Number(at[1]), col: Number(at[2]), path: check.field.path };
    } catch {
      // A file the lint already refused has nothing better to point at.
      return undefined;
    }
  };
}
