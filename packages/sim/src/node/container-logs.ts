// Container output kept like the kubelet keeps it: one file per container run under the state dir,
// each line in the CRI log format (`<RFC3339Nano> stdout F <text>`), so `kubectl logs` can offer
// --previous, --tail, --since-time, --timestamps and --follow.
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';

export function containerLogPath(podDir: string, container: string, restartCount: number): string {
  return path.join(podDir, container, `${restartCount}.log`);
}

/** Writes a process's stdout/stderr into a CRI-format log file, line by line. */
export class LogWriter {
  readonly #file: WriteStream;
  readonly #partial = { stdout: '', stderr: '' };

  constructor(readonly filePath: string) {
    this.#file = createWriteStream(filePath, { flags: 'a' });
  }

  write(stream: 'stdout' | 'stderr', chunk: Buffer | string): void {
    const text = this.#partial[stream] + chunk.toString();
    const lines = text.split('\n');
    this.#partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.#file.write(`${new Date().toISOString()} ${stream} F ${line}\n`);
  }

  /** Flushes partial lines and closes the file. */
  close(): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.#partial[stream])
        this.#file.write(`${new Date().toISOString()} ${stream} P ${this.#partial[stream]}\n`);
      this.#partial[stream] = '';
    }
    return new Promise((resolve) => this.#file.end(resolve));
  }
}

export interface ReadLogOptions {
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  follow?: boolean;
  /** With follow: whether the container is still writing; the stream ends once this turns false. */
  isLive?: () => boolean;
  pollMs?: number;
}

interface CriLine {
  time: string;
  partial: boolean;
  text: string;
}

function parse(line: string): CriLine | undefined {
  const match = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line);
  if (!match) return undefined;
  return { time: match[1] as string, partial: match[3] === 'P', text: match[4] as string };
}

function render(line: CriLine, timestamps: boolean): string {
  return `${timestamps ? `${line.time} ` : ''}${line.text}${line.partial ? '' : '\n'}`;
}

/** A stream of the log file's lines; with follow it keeps reading new lines while the container runs. */
export function readContainerLog(filePath: string, options: ReadLogOptions = {}): Readable {
  const out = new PassThrough();
  const timestamps = options.timestamps === true;
  void (async () => {
    const text = existsSync(filePath) ? await readFile(filePath, 'utf8') : '';
    let offset = Buffer.byteLength(text);
    let lines = text
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => parse(l) ?? []);
    if (options.sinceSeconds !== undefined) {
      const since = Date.now() - options.sinceSeconds * 1000;
      lines = lines.filter((l) => Date.parse(l.time) >= since);
    }
    if (options.tailLines !== undefined) lines = options.tailLines > 0 ? lines.slice(-options.tailLines) : [];
    for (const line of lines) out.write(render(line, timestamps));
    if (!options.follow) {
      out.end();
      return;
    }
    let carry = '';
    const poll = async () => {
      if (out.destroyed) return;
      const handle = await open(filePath, 'r').catch(() => undefined);
      if (handle) {
        try {
          const { size } = await handle.stat();
          if (size > offset) {
            const buffer = Buffer.alloc(size - offset);
            await handle.read(buffer, 0, buffer.length, offset);
            offset = size;
            const chunk = carry + buffer.toString('utf8');
            const parts = chunk.split('\n');
            carry = parts.pop() ?? '';
            for (const part of parts) {
              const parsed = parse(part);
              if (parsed) out.write(render(parsed, timestamps));
            }
          }
        } finally {
          await handle.close();
        }
      }
      if (options.isLive?.() === false) {
        out.end();
        return;
      }
      setTimeout(() => void poll(), options.pollMs ?? 200).unref();
    };
    await poll();
  })().catch((error) => out.destroy(error as Error));
  return out;
}
