// `lab progress [--json] [--lang <code>]`: each lab's best score, its last grade and what to do next,
// from the record `lab grade` keeps in .workshop/progress.json.
import { join } from 'node:path';
import { Command } from 'commander';
import { language, loadLabs } from '../labs/load.ts';
import { readProgress } from '../progress/record.ts';
import { labsDir } from '../repo.ts';
import type { Session } from '../session.ts';

interface ProgressFlags {
  json?: boolean;
  lang?: string;
}

export interface ProgressRow {
  lab: string;
  slug: string;
  title: string;
  maxScore: number;
  best: number | null;
  last: number | null;
  lastGradedAt: string | null;
  attempts: number;
  passed: boolean;
}

function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 90) return `${seconds}s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return iso.slice(0, 10);
}

export function progressCommand(session: Session): Command {
  return new Command('progress')
    .option('--json', 'print the progress as JSON')
    .option('--lang <code>', 'language of the lab titles: en, ko (default: from LANG)')
    .description('show your best score per lab, when you last graded it, and what is next')
    .action((flags: ProgressFlags) => {
      const labs = loadLabs(labsDir(session.env), language(flags.lang, session.env));
      const workshopDir = session.workshopDir ?? join(session.repoRoot, '.workshop');
      const record = readProgress(workshopDir);
      const rows: ProgressRow[] = labs.map((lab) => {
        const maxScore = lab.checks.reduce((sum, c) => sum + c.points, 0);
        const entry = record.labs[lab.id];
        return {
          lab: lab.id,
          slug: lab.slug,
          title: lab.title,
          maxScore,
          best: entry?.best ?? null,
          last: entry?.last ?? null,
          lastGradedAt: entry?.lastGradedAt ?? null,
          attempts: entry?.attempts ?? 0,
          passed: !!entry && entry.best >= maxScore,
        };
      });
      const next = rows.find((r) => !r.passed);
      const nextStep = next
        ? next.attempts > 0
          ? `npx lab grade ${next.lab}`
          : `npx lab start ${next.lab}`
        : null;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ labs: rows, next: next?.lab ?? null, nextStep }, null, 2)}\n`,
        );
        return;
      }
      const now = new Date();
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const width = Math.min(56, Math.max(...rows.map((r) => r.title.length)));
      for (const r of rows) {
        const mark = r.passed ? '✓' : r.attempts > 0 ? '…' : ' ';
        const score = r.best === null ? '-' : `${r.best}/${r.maxScore}`;
        const when = r.lastGradedAt ? `  last ${r.last}/${r.maxScore} ${ago(r.lastGradedAt, now)}` : '';
        const title = r.title.length > width ? `${r.title.slice(0, width - 1)}…` : r.title;
        out(` ${mark} ${r.lab}  ${title.padEnd(width)}  ${score.padStart(5)}${when}`);
      }
      const done = rows.filter((r) => r.passed).length;
      out('');
      out(` ${done} of ${rows.length} labs at full marks.${nextStep ? ` Next: ${nextStep}` : ' All done.'}`);
    });
}
