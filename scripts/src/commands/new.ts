// `lab new <nn>-<slug>`: writes the skeleton of a lab (lab.yaml, base/, exercise/, solution/,
// checks.ts, setup.ts, selftest.yaml) and binds it to its lesson page, writing one when the lesson
// has none yet. The skeleton loads cleanly and fails its own self-test until its TODOs are done.
import { relative } from 'node:path';
import { LabFormatError, loadLab, scaffoldLab } from '@workshop/lab';
import { Command } from 'commander';
import { usageError } from '../errors.ts';
import { labsDir, REPO_ROOT } from '../repo.ts';
import type { Session } from '../session.ts';

export function newCommand(session: Session): Command {
  return new Command('new')
    .argument('<folder>', 'the lab folder to create: two digits, a hyphen and a slug, e.g. 09-host-routing')
    .description('write the skeleton of a new lab and its lesson page (see docs/adding-a-lab.md)')
    .action((folder: string) => {
      const root = labsDir(session.env);
      const show = (path: string) =>
        relative(REPO_ROOT, path).startsWith('..') ? path : relative(REPO_ROOT, path);
      let result: ReturnType<typeof scaffoldLab>;
      try {
        result = scaffoldLab(root, folder);
        // What was written must load: the format's own check of the skeleton.
        loadLab(root, folder, { repoRoot: REPO_ROOT });
      } catch (error) {
        if (error instanceof LabFormatError) throw usageError(error.message);
        throw error;
      }
      for (const file of result.written) session.progress.info(`wrote ${show(file)}`);
      if (!result.lesson.created)
        session.progress.info(`bound the existing lesson ${show(result.lesson.file)} to it`);
      const id = folder.slice(0, 2);
      process.stderr.write(
        [
          '',
          ` Lab ${folder} is a skeleton: its one check is a TODO, so its self-test fails until you write it.`,
          ' Next (docs/adding-a-lab.md walks through each):',
          `   1. lab.yaml: title, objectives, the checks with points, hints and lesson sections`,
          `   2. base/, exercise/, solution/: the manifests; checks.ts: one proof per check id`,
          `   3. selftest.yaml: what the exercise fails, and the likely mistakes`,
          `   4. ${show(result.lesson.file)}: the lesson`,
          `   Then: npx lab grade ${id} --solution, and cd labs && npx vitest run test/labs.e2e.test.ts -t "lab ${folder}"`,
          '',
        ].join('\n'),
      );
    });
}
