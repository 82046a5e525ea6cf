// `lab lint <files|dirs> [--json] [--untrusted] [--lab <id>] [--show-fixes] [--context <dir>]`: a thin wrapper over
// @workshop/manifests' runLint, which owns the other arguments, the output and the exit code.
// `--lab <id>` checks the files against that lab: its base/ as context, and its policy (its kinds,
// images and namespaces), as `lab grade --dir` does before it applies anything; it implies
// --untrusted.
import { Command } from 'commander';
import { usageError } from '../errors.ts';
import { resolveLab } from '../labs/load.ts';
import { labsDir } from '../repo.ts';
import type { Session } from '../session.ts';

/** Takes `--lab <id>` / `--lab=<id>` out of the arguments runLint reads. */
export function splitLabFlag(args: readonly string[]): { lab?: string; rest: string[] } {
  const rest: string[] = [];
  let lab: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--lab') {
      lab = args[++i];
      if (lab === undefined || lab.startsWith('-')) throw usageError('--lab expects a lab id, e.g. --lab 01');
    } else if (arg.startsWith('--lab=')) lab = arg.slice('--lab='.length);
    else rest.push(arg);
  }
  return { lab, rest };
}

export function lintCommand(session: Session): Command {
  return new Command('lint')
    .description(
      'check manifests for mistakes, with located messages and hints (--json, --untrusted, --lab <id>, --show-fixes, --context <dir>)',
    )
    .argument(
      '[args...]',
      'files or directories, then options: --json --untrusted --lab <id> --context <dir>',
    )
    .allowUnknownOption()
    .helpOption(false)
    .addHelpText(
      'after',
      [
        '',
        'Options (after the files):',
        '  --json           print the diagnostics as JSON',
        '  --untrusted      also apply the submission policy (what a grade with --dir refuses)',
        '  --lab <id>       against that lab: its base/ as context and its policy (implies --untrusted)',
        '  --show-fixes     also print the literal fix of each finding (it gives the answer away)',
        "  --context <dir>  manifests the files are checked against (e.g. a lab's base/), repeatable",
        '',
        'Example: npx lab lint labs/01-clusterip/exercise --context labs/01-clusterip/base',
      ].join('\n'),
    )
    .action(async (args: string[], _options: unknown, command: Command) => {
      // The arguments go to the linter as they are, so --help is answered here.
      if (args.includes('--help') || args.includes('-h')) {
        command.outputHelp();
        return;
      }
      const { lab: labId, rest } = splitLabFlag(args);
      // Imported on use: `lab --help` should not pay for the linter's schemas.
      const { parseLintArgs, runLint } = await import('@workshop/manifests');
      if (labId === undefined) {
        process.exitCode = await runLint(rest);
        return;
      }
      const lab = resolveLab(labsDir(session.env), labId);
      let options: ReturnType<typeof parseLintArgs>;
      try {
        options = parseLintArgs(rest);
      } catch (error) {
        throw usageError((error as Error).message);
      }
      process.exitCode = await runLint({
        ...options,
        // The lab's own manifests, so rules that compare with the Deployments (ports, selectors) work.
        context: [...(options.context ?? []), lab.paths.base],
        // A break-fix lab leaves out the findings that would name its planted faults.
        skip: lab.lintSkip,
        untrusted: true,
        policy: {
          allowedKinds: lab.policy.allowedKinds,
          allowedImages: lab.policy.allowedImages,
          namespaces: lab.namespaces,
        },
      });
    });
}
