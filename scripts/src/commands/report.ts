// `lab report <results…> [--csv]`: a class's grade reports (folders or files) as one table per lab
// and learner. Files that are not grade reports get one line each on stderr and exit 1.
import { Command } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import { collectResults, formatCsv, formatMarkdown } from '../report/class-report.ts';

interface ReportFlags {
  csv?: boolean;
}

export function reportCommand(): Command {
  return new Command('report')
    .argument(
      '<results...>',
      "folders or files of grade reports (each learner's .workshop/results/ or the workflow's artifacts)",
    )
    .option('--csv', 'print CSV (one row per learner and lab) instead of Markdown')
    .description("turn a class's results into one table per lab and learner (Markdown or CSV)")
    .action((paths: string[], flags: ReportFlags) => {
      const { rows, problems } = collectResults(paths);
      for (const problem of problems) process.stderr.write(`lab report: ${problem}\n`);
      if (rows.length === 0) {
        throw new CliError(
          `no grade reports found in ${paths.join(', ')}; they are the <lab>.json files lab grade writes to .workshop/results/`,
          EXIT.usage,
        );
      }
      process.stdout.write(flags.csv ? formatCsv(rows) : formatMarkdown(rows));
      if (problems.length) process.exitCode = EXIT.failure;
    });
}
