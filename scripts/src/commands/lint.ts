// `lab lint <files|dirs> [--json] [--untrusted] [--context <dir>]`: a thin wrapper over
// @workshop/manifests' runLint, which owns the arguments, the output and the exit code.
import { Command } from 'commander';

export function lintCommand(): Command {
  return new Command('lint')
    .description(
      'check manifests for mistakes, with located messages and hints (--json, --untrusted, --context <dir>)',
    )
    .argument('[args...]', 'files or directories, then options: --json --untrusted --context <dir>')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => {
      // Imported on use: `lab --help` should not pay for the linter's schemas.
      const { runLint } = await import('@workshop/manifests');
      process.exitCode = await runLint(args);
    });
}
