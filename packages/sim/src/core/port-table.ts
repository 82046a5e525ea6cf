// The "ports" network mode's translation table: which real 127.0.0.1 port stands for a virtual
// (address, port) that cannot be bound on this machine. One small file per entry in a directory that
// the sim and every Pod process share, written atomically (write + rename), read synchronously on
// every lookup, so a Pod process needs no channel to the sim and never sees a stale entry.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PortTableEntry {
  /** The port on 127.0.0.1 that really listens. */
  port: number;
  /** The process that registered it (the sim for Service listeners, a Pod process for its servers). */
  pid: number;
}

/** The real host every translated address listens on. */
export const REAL_HOST = '127.0.0.1';

export class PortTable {
  constructor(readonly dir: string) {}

  #file(address: string, port: number): string {
    return path.join(this.dir, `${address}_${port}`);
  }

  /** Records that (address, port) really listens on 127.0.0.1:realPort. */
  register(address: string, port: number, realPort: number, pid = process.pid): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.#file(address, port);
    const temporary = `${file}.${pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, `${realPort} ${pid}\n`);
    renameSync(temporary, file);
  }

  lookup(address: string, port: number): PortTableEntry | undefined {
    let text: string;
    try {
      text = readFileSync(this.#file(address, port), 'utf8');
    } catch {
      return undefined;
    }
    const [real, pid] = text.trim().split(' ').map(Number);
    if (!real || !Number.isInteger(real)) return undefined;
    return { port: real, pid: pid ?? 0 };
  }

  /** Removes one entry, only if it is still the one `pid` registered (a restarted process may own it now). */
  unregister(address: string, port: number, pid?: number): void {
    if (pid !== undefined && this.lookup(address, port)?.pid !== pid) return;
    rmSync(this.#file(address, port), { force: true });
  }

  /** Removes every entry of an address, or only those a process registered (it exited). */
  removeAddress(address: string, pid?: number): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(`${address}_`) || name.endsWith('.tmp')) continue;
      const port = Number(name.slice(address.length + 1));
      if (Number.isInteger(port)) this.unregister(address, port, pid);
    }
  }

  /** Every entry, `address:port` → entry (tests, diagnostics). */
  entries(): Map<string, PortTableEntry> {
    const out = new Map<string, PortTableEntry>();
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return out;
    }
    for (const name of names) {
      const match = /^(.+)_(\d+)$/.exec(name);
      if (!match) continue;
      const entry = this.lookup(match[1] as string, Number(match[2]));
      if (entry) out.set(`${match[1]}:${match[2]}`, entry);
    }
    return out;
  }
}
