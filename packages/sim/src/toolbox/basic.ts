// The small commands: echo, env/printenv (the Pod's environment without the sim's own SIM_*
// plumbing), hostname, pwd, sleep, true, false.
import type { Command } from './io.ts';

/** Variables the sim gives every Pod process for its shim; a real container has none of them. */
export function podEnvironment(env: NodeJS.ProcessEnv): Array<[string, string]> {
  return Object.entries(env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('SIM_'),
  );
}

export const echo: Command = async (args, io) => {
  const newline = args[0] !== '-n';
  io.out(`${(newline ? args : args.slice(1)).join(' ')}${newline ? '\n' : ''}`);
  return 0;
};

export const env: Command = async (args, io, world) => {
  if (args.length > 0) {
    io.err(`env: running a command through env is not available in this Pod; run it directly\n`);
    return 125;
  }
  for (const [key, value] of podEnvironment(world.env)) io.out(`${key}=${value}\n`);
  return 0;
};

export const printenv: Command = async (args, io, world) => {
  const all = new Map(podEnvironment(world.env));
  if (args.length === 0) return env([], io, world);
  let code = 0;
  for (const name of args) {
    const value = all.get(name);
    if (value === undefined) code = 1;
    else io.out(`${value}\n`);
  }
  return code;
};

/** `hostname`, and `hostname -i` for the Pod's address (busybox resolves its own name to it). */
export const hostname: Command = async (args, io, world) => {
  io.out(`${args.includes('-i') ? world.podIP : world.hostname}\n`);
  return 0;
};

export const pwd: Command = async (_args, io) => {
  io.out('/\n');
  return 0;
};

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export const sleep: Command = async (args, io) => {
  let seconds = 0;
  for (const arg of args) {
    if (arg === 'inf' || arg === 'infinity') seconds = Number.POSITIVE_INFINITY;
    const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
    if (!match && seconds !== Number.POSITIVE_INFINITY) {
      io.err(`sleep: invalid number '${arg}'\n`);
      return 1;
    }
    if (match) seconds += Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
  }
  if (args.length === 0) {
    io.err('sleep: missing operand\n');
    return 1;
  }
  // setTimeout holds at most ~24.8 days; longer sleeps re-arm.
  let left = seconds * 1000;
  while (left > 0) {
    const step = Math.min(left, 2 ** 31 - 1);
    await new Promise((resolve) => setTimeout(resolve, step));
    left -= step;
  }
  return 0;
};

export const trueCommand: Command = async () => 0;
export const falseCommand: Command = async () => 1;
