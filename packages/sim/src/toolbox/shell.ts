// The Pod's sh: `sh -c '<line>'`, a script on stdin, and the interactive prompt (`/ # `, one
// command per line, `exit`). With a tty there is no kernel line discipline in between (the sim has
// no pty), so the shell itself echoes what is typed and handles Enter, Backspace, Ctrl-C, Ctrl-U
// and Ctrl-D, as the terminal driver would.
import { applet, isKnown, runCommand } from './commands.ts';
import type { Io, PodWorld } from './io.ts';
import { parseLine, withStatus } from './words.ts';

const PROMPT = '/ # ';

class Exit {
  constructor(readonly code: number) {}
}

interface ShellState {
  last: number;
}

async function runLine(line: string, io: Io, world: PodWorld, state: ShellState): Promise<void> {
  const steps = parseLine(line, world.env);
  if (typeof steps === 'string') {
    io.err(`sh: ${steps}\n`);
    state.last = 2;
    return;
  }
  for (const step of steps) {
    if (step.join === '&&' && state.last !== 0) continue;
    if (step.join === '||' && state.last === 0) continue;
    state.last = await runArgv(withStatus(step.argv, state.last), io, world, state);
  }
}

async function runArgv(argv: string[], io: Io, world: PodWorld, state: ShellState): Promise<number> {
  const [name = '', ...args] = applet(argv);
  if (name === 'exit') {
    const code = args[0] === undefined ? state.last : Number(args[0]);
    throw new Exit(Number.isInteger(code) ? code & 255 : 2);
  }
  if (name === 'cd') {
    if (args.length === 0 || ['/', '~', '.', '/root'].includes(args[0] as string)) return 0;
    io.err(`sh: cd: can't cd to ${args[0]}: No such file or directory\n`);
    return 2;
  }
  if (name === 'sh') return sh(args, io, world);
  return runCommand([name, ...args], io, world);
}

async function* lines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of input) {
    buffered += chunk.toString();
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  }
  if (buffered) yield buffered;
}

/** A terminal's cooked mode: echo, erase, kill line, interrupt, end of file. Yields whole lines. */
async function* terminalLines(
  input: NodeJS.ReadableStream,
  io: Io,
  prompt: () => void,
): AsyncGenerator<string> {
  let line = '';
  let escapeLength = 0;
  for await (const chunk of input) {
    for (const char of chunk.toString()) {
      const code = char.charCodeAt(0);
      if (escapeLength > 0) {
        // ESC [ … final byte: cursor keys and the like are swallowed, as the line editor has none.
        if (escapeLength === 1 && char !== '[') escapeLength = 0;
        else if (escapeLength > 1 && code >= 0x40 && code <= 0x7e) escapeLength = 0;
        else escapeLength++;
        continue;
      }
      if (char === '\r' || char === '\n') {
        io.out('\n');
        yield line;
        line = '';
        prompt();
      } else if (code === 0x7f || code === 0x08) {
        if (line.length > 0) {
          line = line.slice(0, -1);
          io.out('\b \b');
        }
      } else if (code === 0x03) {
        io.out('^C\n');
        line = '';
        prompt();
      } else if (code === 0x15) {
        io.out('\b \b'.repeat(line.length));
        line = '';
      } else if (code === 0x04) {
        if (line === '') {
          io.out('\n');
          return;
        }
      } else if (code === 0x1b) escapeLength = 1;
      else if (code >= 0x20) {
        line += char;
        io.out(char);
      }
    }
  }
}

async function interactive(io: Io, world: PodWorld, input: NodeJS.ReadableStream): Promise<number> {
  const state: ShellState = { last: 0 };
  const prompt = () => io.tty && io.out(PROMPT);
  prompt();
  try {
    const source = io.tty ? terminalLines(input, io, () => {}) : lines(input);
    for await (const line of source) {
      await runLine(line, io, world, state);
      prompt();
    }
  } catch (error) {
    if (error instanceof Exit) return error.code;
    throw error;
  }
  return state.last;
}

/** sh [-c LINE [ARG0 ARGS…]] | sh [-i|-s] (commands from stdin). */
export async function sh(
  args: string[],
  io: Io,
  world: PodWorld,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const flags = args.filter((a) => /^-[a-z]+$/.test(a));
  const rest = args.filter((a) => !/^-[a-z]+$/.test(a));
  if (flags.some((f) => f.includes('c'))) {
    const line = rest[0];
    if (line === undefined) {
      io.err('sh: -c requires an argument\n');
      return 2;
    }
    const state: ShellState = { last: 0 };
    try {
      await runLine(line, io, world, state);
    } catch (error) {
      if (error instanceof Exit) return error.code;
      throw error;
    }
    return state.last;
  }
  if (rest.length > 0) {
    io.err(`sh: can't open '${rest[0]}': No such file or directory\n`);
    return 2;
  }
  return interactive(io, world, input);
}

/** What a container or exec session runs: its argv, or the image's shell when there is none. */
export async function runProgram(argv: string[], io: Io, world: PodWorld): Promise<number> {
  const [name = '', ...args] = applet(argv.length > 0 ? argv : ['sh']);
  if (name === 'sh') return sh(args, io, world);
  if (name === 'exit' || name === 'cd' || !isKnown(name))
    return runArgv([name, ...args], io, world, { last: 0 }).catch((e) =>
      e instanceof Exit ? e.code : Promise.reject(e),
    );
  return runCommand([name, ...args], io, world);
}
