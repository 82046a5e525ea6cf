// `lab hint <lab> [check] [--fix]`: the hints of a lab's checks, level by level. The scorecard shows
// the first level of a failed check; this shows the rest, and the literal fix only when asked.
import { Command } from 'commander';
import { usageError } from '../errors.ts';
import { language, resolveLab } from '../labs/load.ts';
import { labsDir } from '../repo.ts';
import type { Session } from '../session.ts';

interface HintFlags {
  fix?: boolean;
  lang?: string;
}

export function hintCommand(session: Session): Command {
  return new Command('hint')
    .argument('<lab>', 'lab id or slug')
    .argument('[check]', 'a check id (as the scorecard names it); all checks when left out')
    .option('--fix', 'also show the literal fix (it gives the answer away)')
    .option('--lang <code>', 'language of the hints: en, ko (default: from LANG)')
    .description("show a check's hints, level by level, and on request its fix")
    .action((query: string, checkId: string | undefined, flags: HintFlags) => {
      const lab = resolveLab(labsDir(session.env), query, language(flags.lang, session.env));
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (!checkId) {
        out(`Lab ${lab.id}: ${lab.title}`);
        for (const check of lab.checks) {
          out(` ${check.id.padEnd(20)} ${check.title}`);
          out(`   1. ${check.hint[0]}`);
        }
        out(`More for one check: npx lab hint ${lab.id} <check>`);
        return;
      }
      const check = lab.checks.find((c) => c.id === checkId);
      if (!check) {
        throw usageError(
          `lab ${lab.id} has no check "${checkId}"; its checks are ${lab.checks.map((c) => c.id).join(', ')}`,
        );
      }
      out(`${check.title} (${check.points} points; lesson: ${lab.lesson.slug}#${check.section})`);
      for (const [i, level] of check.hint.entries()) out(` ${i + 1}. ${level}`);
      if (flags.fix)
        out(
          check.fix
            ? ` fix: ${check.fix}`
            : ' fix: this check has no written fix; the lesson section above shows the way',
        );
      else if (check.fix) out(`The literal fix: npx lab hint ${lab.id} ${check.id} --fix`);
    });
}
