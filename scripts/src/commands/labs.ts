// The learner's loop: `lab list`, `lab start <id>`, `lab reset <id>`, `lab solution <id>`.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { $ } from 'zx';
import { CliError } from '../errors.ts';
import { isClassExport } from '../export/export-class.ts';
import {
  applyFolder,
  createNamespaces,
  deleteNamespaces,
  type LabTarget,
  labNamespaces,
  removeOtherLabsIngresses,
  runLabScript,
} from '../labs/deploy.ts';
import { exerciseFiles, type Lab, language, loadLabs, resolveLab } from '../labs/load.ts';
import { labsDir } from '../repo.ts';
import { openRuntime, type RuntimeFlags, type Session } from '../session.ts';
import { runtimeOptions } from './cluster.ts';

/** A path as the learner would type it: relative inside the repository, absolute outside it. */
function show(session: Session, path: string): string {
  const rel = relative(session.repoRoot, path);
  return rel.startsWith('..') ? path : rel;
}

async function target(session: Session, lab: Lab, flags: RuntimeFlags): Promise<LabTarget> {
  const { runtime } = await openRuntime(session, flags, { remember: true });
  const status = await runtime.up();
  const kube = await runtime.client();
  return { lab, runtime, status, kube, progress: session.progress };
}

function nextSteps(t: LabTarget): void {
  const out = (line: string) => process.stderr.write(`${line}\n`);
  out('');
  out(` Lab ${t.lab.id}: ${t.lab.title}  (~${t.lab.minutes} min, namespace ${labNamespaces(t).join(', ')})`);
  out(` Lesson: ${t.lab.lesson.title} (site/ ${t.lab.lesson.slug})`);
  for (const objective of t.lab.objectives) out(`   - ${objective}`);
  out(' Edit:');
  for (const file of t.lab.exercise) out(`   ${join(t.lab.shown, file)}`);
  for (const [key, value] of Object.entries(t.lab.entry ?? {})) out(` ${key}: ${String(value)}`);
  out(` kubectl: export KUBECONFIG=${t.status.kubeconfig}`);
  out(` Then: npx lab grade ${t.lab.id}`);
}

/** The table of labs in labs/README.md, made from the lab data (a test keeps the README in step). */
export function labsTable(labs: Lab[]): string {
  const rows = labs.map(
    (lab) =>
      `| [\`${lab.folder}\`](${lab.folder}/) | [${lab.lesson.title}](../site/docs/lessons/${lab.lesson.file.split('/').pop()}) | ${lab.title} | ${lab.checks.length} | ${lab.maxScore} |`,
  );
  return `${['| Lab | Lesson | Title | Checks | Points |', '| --- | --- | --- | ---: | ---: |', ...rows].join('\n')}\n`;
}

export function labCommands(session: Session): Command[] {
  const root = () => labsDir(session.env);

  const list = new Command('list')
    .description('list the labs')
    .option('--json', 'print the labs as JSON on stdout')
    .option('--markdown', 'print the labs as the markdown table of labs/README.md')
    .option('--lang <code>', 'language of the titles: en, ko (default: from LANG)')
    .action((flags: { json?: boolean; markdown?: boolean; lang?: string }) => {
      const labs = loadLabs(root(), language(flags.lang, session.env));
      if (flags.markdown) {
        process.stdout.write(labsTable(labs));
        return;
      }
      if (flags.json) {
        const rows = labs.map((lab) => ({
          id: lab.id,
          slug: lab.slug,
          title: lab.title,
          minutes: lab.minutes,
          lesson: lab.lesson.slug,
          namespaces: lab.namespaces,
          maxScore: lab.maxScore,
          checks: lab.checks.map(({ id, title, points }) => ({ id, title, points })),
        }));
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (!labs.length) process.stdout.write(`no labs in ${root()}\n`);
      for (const lab of labs)
        process.stdout.write(
          `${lab.id}  ${lab.slug.padEnd(18)} ${String(lab.minutes).padStart(3)} min  ${lab.title}\n`,
        );
    });

  const start = runtimeOptions(
    new Command('start')
      .argument('<lab>', 'lab id or slug: 1, 01, 01-clusterip or clusterip')
      .option('--lang <code>', 'language of the lab text: en, ko (default: from LANG)')
      .description(
        'start the cluster (or reuse it), create the lab namespace, deploy its base and show the exercise',
      ),
  ).action(async (query: string, flags: RuntimeFlags & { lang?: string }) => {
    const lab = resolveLab(root(), query, language(flags.lang, session.env));
    exerciseFiles(lab);
    const t = await target(session, lab, flags);
    await removeOtherLabsIngresses(t, loadLabs(root()));
    await createNamespaces(t);
    await applyFolder(t, lab.paths.base, `Deploying the lab's base (${relative(lab.dir, lab.paths.base)}/)`);
    await runLabScript(t);
    nextSteps(t);
  });

  const reset = runtimeOptions(
    new Command('reset')
      .argument('<lab>', 'lab id or slug')
      .description("back up your exercise/ files, restore them from git, and recreate the lab's namespace"),
  ).action(async (query: string, flags: RuntimeFlags) => {
    const lab = resolveLab(root(), query);
    const backup = join(
      session.workshopDir ?? join(session.repoRoot, '.workshop'),
      'backups',
      `${lab.id}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    await session.progress.step(
      `Backing up ${show(session, lab.paths.exercise)}/ to ${show(session, backup)}/`,
      async () => {
        mkdirSync(backup, { recursive: true });
        if (existsSync(lab.paths.exercise)) cpSync(lab.paths.exercise, backup, { recursive: true });
      },
    );
    await session.progress.step('Restoring the exercise files from git', async () => {
      const git = $({ quiet: true, nothrow: true, cwd: lab.dir });
      const result = await git`git checkout HEAD -- ${'exercise'}`;
      if (result.exitCode !== 0) {
        throw new CliError(
          `git could not restore ${show(session, lab.paths.exercise)}/ (${result.stderr.trim().split('\n')[0]}); your files are backed up in ${backup}`,
        );
      }
      // Files the learner added (notes, copies) are in the backup too; the exercise goes back to
      // exactly what was shipped.
      const clean = await git`git clean -fdxq -- ${'exercise'}`;
      if (clean.exitCode !== 0) {
        throw new CliError(
          `git could not remove the files you added to ${show(session, lab.paths.exercise)}/ (${clean.stderr.trim().split('\n')[0]}); they are backed up in ${backup}`,
        );
      }
    });
    const t = await target(session, lab, flags);
    await removeOtherLabsIngresses(t, loadLabs(root()));
    await deleteNamespaces(t);
    await createNamespaces(t);
    await applyFolder(t, lab.paths.base, "Deploying the lab's base");
    await runLabScript(t);
    nextSteps(t);
  });

  const solution = runtimeOptions(
    new Command('solution')
      .argument('<lab>', 'lab id or slug')
      .description("apply the lab's reference solution (for instructors and demos)"),
  ).action(async (query: string, flags: RuntimeFlags) => {
    const lab = resolveLab(root(), query);
    if (!existsSync(lab.paths.solution)) {
      throw new CliError(
        isClassExport(session.repoRoot)
          ? `this class repository has no solutions (lab export leaves them out); grade your own work with: npx lab grade ${lab.id}`
          : `${lab.shown} has no solution/ folder`,
      );
    }
    const t = await target(session, lab, flags);
    await removeOtherLabsIngresses(t, loadLabs(root()));
    await createNamespaces(t);
    await applyFolder(t, lab.paths.base, "Deploying the lab's base");
    await applyFolder(t, lab.paths.solution, 'Applying the solution');
    // A plain `lab grade` would apply the learner's exercise over it: the solution is graded with --solution.
    session.progress.info(
      `solution of lab ${lab.id} applied; grade it with: npx lab grade ${lab.id} --solution (plain npx lab grade ${lab.id} grades your exercise/ files instead)`,
    );
  });

  return [list, start, reset, solution];
}
