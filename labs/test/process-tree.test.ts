import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { descendants, parentPids, ppidOf } from './process-tree.ts';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Polls until `fn` returns a value, or fails with what it saw last. */
async function until<T>(what: string, fn: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('descendants', () => {
  it('finds children and grandchildren, and nothing outside the tree', async () => {
    // A shell (child) that runs a long sleep (grandchild) and waits for it.
    const shell = spawn('sh', ['-c', 'sleep 60 & wait'], { stdio: 'ignore' });
    started.push(shell.pid as number);
    const grandchild = await until('the shell to start its sleep', () => {
      const parents = parentPids();
      return [...parents].find(([, ppid]) => ppid === shell.pid)?.[0];
    });
    started.push(grandchild);
    const found = descendants(process.pid);
    expect(found).toContain(shell.pid);
    expect(found).toContain(grandchild);
    expect(found.indexOf(shell.pid as number)).toBeLessThan(found.indexOf(grandchild));
    expect(found).not.toContain(process.pid);
    expect(descendants(shell.pid as number)).toEqual([grandchild]);
  });

  it('walks a given parent map level by level', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 1],
    ]);
    expect(descendants(10, parents)).toEqual([11, 12]);
    expect(descendants(13, parents)).toEqual([]);
  });
});

describe('ppidOf', () => {
  it('reads the parent pid after a process name that holds spaces and parentheses', () => {
    expect(ppidOf('4242 (node (worker) 1) S 17 4242 17 0 -1 4194560')).toBe(17);
    expect(ppidOf(`1 (init) S 0 1 1 0 -1`)).toBe(0);
  });
});
