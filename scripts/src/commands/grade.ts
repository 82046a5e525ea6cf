// `lab grade <id>`: a placeholder until packages/grader lands. The grader engineer replaces this
// module (same export, same flags); until then it says so plainly and exits 2.
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import { resolveLab } from '../labs/load.ts';
import { labsDir } from '../repo.ts';
import type { Session } from '../session.ts';

export function gradeCommand(session: Session): Command {
  return new Command('grade')
    .argument('<lab>', 'lab id or slug: 1, 01, 01-clusterip or clusterip')
    .option('--solution', 'grade the reference solution instead of your exercise files')
    .option('--json', 'print the scorecard as JSON on stdout')
    .description('grade your work on a lab: lint, apply, wait, checks, scorecard with hints')
    .action((query: string) => {
      resolveLab(labsDir(session.env), query);
      throw new CliError(
        'grading arrives with the grader package; `lab grade` is not available yet',
        EXIT.usage,
      );
    });
}
