// A lab's selftest.yaml: what the shipped exercise must fail and the learner's likely mistakes, each
// an edit of a solution file with the checks or lint rules it must trip. The solution's full marks
// go without saying.
import { existsSync } from 'node:fs';
import { LabFormatError } from './errors.ts';
import { type SelfTestData, selfTestSchema } from './schema.ts';
import { readYamlSource } from './source.ts';
import type { Lab } from './types.ts';
import { validateSource } from './validate.ts';

export type { MistakeData as Mistake, SelfTestData } from './schema.ts';

export function loadSelfTest(lab: Lab): SelfTestData {
  const shown = `${lab.shown}/selftest.yaml`;
  if (!existsSync(lab.paths.selfTest)) {
    throw new LabFormatError(
      `${shown} is missing; every lab says what its exercise fails and which mistakes it catches`,
    );
  }
  const source = readYamlSource(lab.paths.selfTest, shown);
  const data = validateSource(source, selfTestSchema);
  const ids = new Set(lab.checks.map((c) => c.id));
  const known = (fails: Record<string, unknown> | undefined, path: Array<string | number>) => {
    for (const id of Object.keys(fails ?? {})) {
      if (!ids.has(id))
        source.fail(
          [...path, 'fails', id],
          `lab.yaml has no check "${id}"; its checks are ${[...ids].join(', ')}`,
        );
    }
  };
  known(data.exercise.fails, ['exercise']);
  data.mistakes.forEach((mistake, i) => {
    known(mistake.fails, ['mistakes', i]);
    if (!mistake.set && !mistake.delete)
      source.fail(['mistakes', i], `mistake "${mistake.name}" changes nothing; give it set: or delete:`);
    if (!existsSync(`${lab.paths.solution}/${mistake.file}`)) {
      source.fail(['mistakes', i, 'file'], `"${mistake.file}" is not a file of ${lab.shown}/solution/`);
    }
  });
  return data;
}
