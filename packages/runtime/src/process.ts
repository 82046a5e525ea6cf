// Small process helpers: is a pid alive, is it really the program we think it is (pids get reused),
// and stop it politely, then firmly.
import { readFileSync } from 'node:fs';
import { $ } from 'zx';

/** True while the process runs. A zombie (exited, not yet reaped by a parent that never will, such
 * as a container's init) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** The pid's command line (Linux: /proc; elsewhere: ps), or undefined when it is gone. */
export async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    if (process.platform === 'linux') return undefined;
  }
  const result = await $({ nothrow: true, quiet: true })`ps -p ${String(pid)} -o command=`;
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 15_000): Promise<'stopped' | 'killed' | 'gone'> {
  if (!isAlive(pid)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  if (await exited(pid, graceMs)) return 'stopped';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  await exited(pid, 5_000);
  return 'killed';
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/** An exited process that was not reaped yet still answers kill(0). */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
