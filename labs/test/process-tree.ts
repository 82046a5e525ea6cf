// The processes below this one (vitest's workers and the `lab` commands they run), read from /proc:
// on an interrupted run they must die before the shared cluster is taken down, or a `lab start`
// still running would bring a fresh cluster up behind the teardown's back.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of every process, from /proc/<pid>/stat; empty where there is no /proc. */
export function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), ppidOf(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // the process ended while we looked
    }
  }
  return parents;
}

/** The parent pid in a /proc/<pid>/stat line: "pid (comm) state ppid …". */
export function ppidOf(stat: string): number {
  // comm may hold spaces and parentheses, so read after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Every descendant of `root`, children before grandchildren. */
export function descendants(root: number, parents = parentPids()): number[] {
  const found: number[] = [];
  let level = [root];
  while (level.length) {
    const next: number[] = [];
    for (const [pid, ppid] of parents) if (level.includes(ppid) && !found.includes(pid)) next.push(pid);
    found.push(...next);
    level = next;
  }
  return found;
}

/** SIGKILLs every descendant of this process (nothing to wait for: SIGKILL cannot be ignored). */
export function killDescendants(): number[] {
  const pids = descendants(process.pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}
