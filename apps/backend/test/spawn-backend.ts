// Runs the built service (`node dist/index.js`) as a real process for end-to-end tests and the
// benchmark's assertions, building dist/ first when it is missing or older than src/.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './helpers.ts';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ENTRY = join(APP_DIR, 'dist', 'index.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Builds dist/ unless it is at least as new as every source file. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(ENTRY).mtimeMs;
  } catch {
    // Missing: build below.
  }
  if (built >= newestMtime(join(APP_DIR, 'src'))) return;
  execFileSync(
    process.execPath,
    [join(APP_DIR, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: APP_DIR,
      stdio: 'inherit',
    },
  );
}

export interface RunningBackend {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the port from the `Express started on port N` line. */
  port(): Promise<number>;
}

export function spawnBackend(env: Record<string, string>): RunningBackend {
  const child = spawn(process.execPath, [ENTRY], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', SERVER_ADDRESS: '127.0.0.1', SERVER_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout, stdout);
  collectLines(child.stderr, stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout,
    stderr,
    exited,
    port: () =>
      waitFor('the backend to log "Express started on port N"', () => {
        if (child.exitCode !== null) {
          throw new Error(`backend exited with ${child.exitCode} before listening: ${stderr.join('\n')}`);
        }
        for (const line of stdout) {
          const match = / Express started on port (\d+) /.exec(line);
          if (match) return Number(match[1]);
        }
        return undefined;
      }),
  };
}

function collectLines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    into.push(...parts);
  });
  stream?.on('end', () => {
    if (rest) into.push(rest);
  });
}
