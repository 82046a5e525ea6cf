// The `lab` command: doctor, cluster up/down/status, and the learner's loop over the labs.
// Progress goes to stderr, machine output (--json) to stdout; errors are one line (stack with --verbose).
import { runCleanups } from '@workshop/runtime';
import { Command, CommanderError } from 'commander';
import { certCommand } from './commands/cert.ts';
import { clusterCommand } from './commands/cluster.ts';
import { doctorCommand } from './commands/doctor.ts';
import { exportCommand } from './commands/export.ts';
import { gradeCommand } from './commands/grade.ts';
import { hintCommand } from './commands/hint.ts';
import { labCommands } from './commands/labs.ts';
import { lintCommand } from './commands/lint.ts';
import { newCommand } from './commands/new.ts';
import { progressCommand } from './commands/progress.ts';
import { reportCommand } from './commands/report.ts';
import { traceCommand } from './commands/trace.ts';
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from './errors.ts';
import { createSession } from './session.ts';

const ENV_HELP = `Environment:
  WORKSHOP_RUNTIME           kind | sim | existing (else the last one used, else auto: kind when
                             Docker and kind answer, otherwise the embedded sim)
  WORKSHOP_LEARNER           existing runtime: your name on a shared cluster (ana → ana-lab-01)
  WORKSHOP_NAMESPACE_PREFIX  existing runtime: prefix for your namespaces (alice- → alice-lab-01)
  WORKSHOP_IMAGE_REGISTRY    existing runtime: registry for the workshop images (ghcr.io/org/)
  WORKSHOP_HTTP_URL, WORKSHOP_HTTPS_URL, WORKSHOP_NODEPORT_HOST
                             existing runtime: where the cluster's entry points are
  WORKSHOP_INSTALL_TRAEFIK=1 existing runtime: install Traefik too
  NO_COLOR                   plain output`;

const session = createSession();
const program = new Command('lab')
  .description('The Service & Ingress workshop: run the labs on a local cluster (kind or the embedded sim).')
  .option('--verbose', 'print stack traces with errors')
  .showSuggestionAfterError()
  .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${ENV_HELP}\n`);

const down = new Command('down').description('stop the cluster (same as lab cluster down)');
program.addCommand(doctorCommand(session));
program.addCommand(clusterCommand(session));
for (const command of labCommands(session)) program.addCommand(command);
program.addCommand(gradeCommand(session));
program.addCommand(progressCommand(session));
program.addCommand(reportCommand());
program.addCommand(exportCommand(session));
program.addCommand(hintCommand(session));
program.addCommand(traceCommand(session));
program.addCommand(certCommand(session));
program.addCommand(lintCommand(session));
program.addCommand(newCommand(session));
program.addCommand(
  down.option('--runtime <name>', 'kind, sim or existing').action(async (flags: { runtime?: string }) => {
    await program.parseAsync(['cluster', 'down', ...(flags.runtime ? ['--runtime', flags.runtime] : [])], {
      from: 'user',
    });
  }),
);

// Commander's own usage errors (unknown command or option, missing argument) exit 2, not 1.
function exitOverrideAll(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideAll(sub);
}
exitOverrideAll(program);

// `lab list | head -1`: once the reader of stdout is gone there is nobody left to tell anything.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\n ✗ interrupted; cleaning up…\n`);
    void runCleanups().finally(() => process.exit(130));
  });
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version print and end normally; everything else is a usage error (already printed).
    process.exitCode =
      error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
  } else {
    const verbose = program.opts<{ verbose?: boolean }>().verbose || process.argv.includes('--verbose');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lab: ${message}\n`);
    if (verbose && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
