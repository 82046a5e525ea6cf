// The command set of the sim's Pods: what `kubectl exec` and the debug images (busybox,
// curlimages/curl) can run. Everything else is answered with one line that lists what there is,
// and exit code 127 (command not found), so nothing is silently ignored.
import { echo, env, falseCommand, hostname, printenv, pwd, sleep, trueCommand } from './basic.ts';
import { curl } from './curl.ts';
import { dig, nslookup } from './dns-tools.ts';
import { cat, ls } from './files.ts';
import type { Command, Io, PodWorld } from './io.ts';
import { netstat, ss } from './netstat.ts';
import { wget } from './wget.ts';

const TABLE: Record<string, Command> = {
  cat,
  curl,
  dig,
  echo,
  env,
  false: falseCommand,
  hostname,
  ls,
  netstat,
  nslookup,
  printenv,
  pwd,
  sleep,
  ss,
  true: trueCommand,
  wget,
};

/** Every command name the Pods know, sh included, sorted (for messages and the docs). */
export const COMMAND_NAMES: readonly string[] = [...Object.keys(TABLE), 'sh'].sort();

export function unavailableMessage(name: string): string {
  return `sim: "${name}" is not available in this Pod; commands the sim runs: ${COMMAND_NAMES.join(', ')}`;
}

/** `/bin/sh`, `/usr/bin/curl`, `busybox nslookup` → the applet name and its arguments. */
export function applet(argv: string[]): string[] {
  let [program = '', ...rest] = argv;
  if (/^\/(usr\/(local\/)?)?s?bin\/[^/]+$/.test(program))
    program = program.slice(program.lastIndexOf('/') + 1);
  if (program === 'busybox' && rest.length > 0) return applet(rest);
  return [program, ...rest];
}

export function isKnown(name: string): boolean {
  return name === 'sh' || name in TABLE;
}

/** Runs one non-shell command; unknown names print the one line and give 127. */
export async function runCommand(argv: string[], io: Io, world: PodWorld): Promise<number> {
  const [name = '', ...args] = applet(argv);
  const command = TABLE[name];
  if (!command) {
    io.err(`${unavailableMessage(name)}\n`);
    return 127;
  }
  return command(args, io, world);
}
