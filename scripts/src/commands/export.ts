// `lab export <dir> [--labs 01,05,…] [--site-url <url>] [--grader owner/name@ref]`: a class
// repository for GitHub Classroom (see ../export/export-class.ts).
import { resolve } from 'node:path';
import { Command } from 'commander';
import { CliError, EXIT, usageError } from '../errors.ts';
import { exportClass } from '../export/export-class.ts';
import { loadLabs, resolveLab } from '../labs/load.ts';
import { labsDir } from '../repo.ts';
import type { Session } from '../session.ts';

interface ExportFlags {
  labs?: string;
  siteUrl: string;
  grader?: string;
}

export function exportCommand(session: Session): Command {
  return new Command('export')
    .argument('<dir>', 'a new or empty folder for the class repository')
    .option('--labs <list>', 'the labs to include, comma-separated (default: all)')
    .option('--site-url <url>', 'where the lessons are published', 'https://workshop.example.org/')
    .option(
      '--grader <owner/name@ref>',
      "the template repository and ref the workflow grades with (default: the template the student's repository was made from)",
    )
    .description(
      'write a student repository for GitHub Classroom: exercises without solutions, and a grading workflow',
    )
    .action((dir: string, flags: ExportFlags) => {
      const root = labsDir(session.env);
      const labs = flags.labs
        ? flags.labs
            .split(',')
            .map((q) => q.trim())
            .filter(Boolean)
            .map((q) => resolveLab(root, q))
        : loadLabs(root);
      if (labs.length === 0) throw usageError('--labs names no lab');
      if (flags.grader && !/^[\w.-]+\/[\w.-]+(@[\w./-]+)?$/.test(flags.grader)) {
        throw usageError(`--grader expects owner/name or owner/name@ref, got "${flags.grader}"`);
      }
      let result: ReturnType<typeof exportClass>;
      try {
        result = exportClass({
          repoRoot: session.repoRoot,
          dest: resolve(dir),
          labs,
          siteUrl: flags.siteUrl,
          grader: flags.grader,
        });
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.failure, { cause: error });
      }
      const out = (line: string) => process.stderr.write(`${line}\n`);
      out(` ✓ wrote ${result.files} files to ${dir} (labs ${result.labs.join(', ')}; no solutions)`);
      out(
        '   next: push it to GitHub, mark it as a template, and use it as the assignment starter in GitHub Classroom;',
      );
      out(`   inside it, npm ci then npx lab grade ${result.labs[0]} works as in the workshop.`);
    });
}
