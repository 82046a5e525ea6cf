// The shell blocks of a lesson that are runnable: ```bash blocks whose lines start with `$ `. Each
// `$ ` line is a command; the lines after it, up to the next command, are what it should print.
// The block's meta takes `test=skip` (shown, never run: placeholders, editors) and `expect=error`
// (every command in it must fail). The self-tests run them against the sim after the solution is
// graded, so a command that stops working or an output that drifts fails CI.

export interface LessonCommand {
  command: string;
  /** The expected lines; `…` in a line matches any text, and runs of spaces match any spacing. */
  output: string[];
  expectError: boolean;
  /** 1-based line of the command in the page. */
  line: number;
}

export interface LessonBlock {
  line: number;
  meta: string;
  skip: boolean;
  commands: LessonCommand[];
}

const OPEN = /^```(bash|sh|console|shell)\b(.*)$/;

export function lessonBlocks(body: string, firstLine = 1): LessonBlock[] {
  const blocks: LessonBlock[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i] ?? '');
    if (!open) {
      if (/^```/.test(lines[i] ?? '')) i = closing(lines, i);
      continue;
    }
    const meta = (open[2] ?? '').trim();
    const end = closing(lines, i);
    const content = lines.slice(i + 1, end);
    i = end;
    if (!content.some((l) => l.startsWith('$ '))) continue;
    const expectError = /\bexpect=error\b/.test(meta);
    const commands: LessonCommand[] = [];
    content.forEach((l, k) => {
      if (l.startsWith('$ ')) {
        commands.push({
          command: l.slice(2).trim(),
          output: [],
          expectError,
          line: firstLine + i - content.length + k,
        });
      } else if (commands.length && l.trim()) commands[commands.length - 1]?.output.push(l);
    });
    blocks.push({
      line: firstLine + i - content.length - 1,
      meta,
      skip: /\btest=skip\b/.test(meta),
      commands,
    });
  }
  return blocks;
}

function closing(lines: string[], open: number): number {
  for (let j = open + 1; j < lines.length; j++) if (/^```\s*$/.test(lines[j] ?? '')) return j;
  return lines.length;
}

/** A command's output against the lesson's expected lines: each must match a later line, in order. */
export function matchOutput(
  expected: string[],
  actual: string,
): { ok: true } | { ok: false; missing: string } {
  const lines = actual.split('\n');
  let from = 0;
  for (const want of expected) {
    const pattern = new RegExp(
      `^\\s*${want
        .trim()
        .split('…')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
        .join('.*')}\\s*$`,
    );
    const found = lines.findIndex((line, k) => k >= from && pattern.test(line));
    if (found < 0) return { ok: false, missing: want };
    from = found + 1;
  }
  return { ok: true };
}
