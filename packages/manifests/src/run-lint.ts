// `lab lint <files or dirs> [--json] [--untrusted]` as a function: the CLI only forwards its arguments.
// Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 the command was used wrongly.
import { fixCount, formatDiagnostics, formatSummary, toJsonReport } from './format.ts';
import { type ContextEntry, lintFiles } from './lint.ts';
import { checkPolicy } from './policy/check-policy.ts';
import { DEFAULT_UNTRUSTED_POLICY, type Policy } from './policy/policy.ts';

export interface Output {
  write(text: string): unknown;
}

export interface RunLintOptions {
  /** Files or directories to lint, relative to `cwd`. */
  paths: string[];
  /** Print the JSON report on stdout instead of text. */
  json?: boolean;
  /** Also apply the submission policy (`policy`, or DEFAULT_UNTRUSTED_POLICY when none is given). */
  untrusted?: boolean;
  policy?: Policy;
  /** The lab's other manifests (e.g. its base/ directory) for cross-object rules. */
  context?: ContextEntry[];
  /** Rule ids whose findings are left out (a lab's `lint.skip`). */
  skip?: readonly string[];
  cwd?: string;
  color?: boolean;
  /** Print the literal fixes too (`--show-fixes`). */
  showFixes?: boolean;
  stdout?: Output;
  stderr?: Output;
}

export const USAGE =
  'usage: lab lint <files or directories…> [--json] [--untrusted] [--show-fixes] [--context <dir>]…';

/** Reads `lab lint` arguments; throws an Error whose message is one line for the user. */
export function parseLintArgs(argv: readonly string[]): Omit<RunLintOptions, 'stdout' | 'stderr'> {
  const options: Omit<RunLintOptions, 'stdout' | 'stderr'> = { paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') options.json = true;
    else if (arg === '--untrusted') options.untrusted = true;
    else if (arg === '--show-fixes') options.showFixes = true;
    else if (arg === '--color') options.color = true;
    else if (arg === '--no-color') options.color = false;
    else if (arg === '--context') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--context expects a file or directory; ${USAGE}`);
      options.context = [...(options.context ?? []), value];
    } else if (arg.startsWith('--context=')) {
      options.context = [...(options.context ?? []), arg.slice('--context='.length)];
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new Error(`unknown option ${arg}; ${USAGE}`);
    } else options.paths.push(arg);
  }
  return options;
}

export async function runLint(input: RunLintOptions | readonly string[]): Promise<number> {
  let options: RunLintOptions;
  const stderrFallback: Output = process.stderr;
  try {
    options = Array.isArray(input) ? parseLintArgs(input) : (input as RunLintOptions);
  } catch (error) {
    stderrFallback.write(`${(error as Error).message}\n`);
    return 2;
  }
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? stderrFallback;
  if (options.paths.length === 0) {
    stderr.write(`no files to lint; ${USAGE}\n`);
    return 2;
  }
  const result = await lintFiles(options.paths, {
    context: options.context,
    cwd: options.cwd,
    skip: options.skip,
  });
  const diagnostics = [...result.diagnostics];
  if (options.untrusted) {
    diagnostics.push(...checkPolicy(result.objects, options.policy ?? DEFAULT_UNTRUSTED_POLICY));
    diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  }
  if (options.json) {
    stdout.write(
      `${JSON.stringify(toJsonReport(diagnostics, result.files, { cwd: options.cwd }), null, 2)}\n`,
    );
  } else {
    stdout.write(
      formatDiagnostics(diagnostics, {
        color: options.color,
        cwd: options.cwd,
        showFixes: options.showFixes,
      }),
    );
    const fixes = fixCount(diagnostics);
    if (fixes > 0 && !options.showFixes) {
      stdout.write(
        `${fixes === 1 ? 'one of these has' : `${fixes} of these have`} a literal fix, which gives the answer away; to see ${fixes === 1 ? 'it' : 'them'}, add --show-fixes\n`,
      );
    }
    stdout.write(formatSummary(diagnostics, result.files.length));
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
