// Work to undo if the user presses Ctrl-C mid-way (e.g. a daemon started but not yet ready), so an
// interrupted command leaves no orphan process. The CLI runs these on SIGINT/SIGTERM.

const cleanups = new Set<() => Promise<void> | void>();

/** Registers an undo action; call the returned function once the work is safely done. */
export function registerCleanup(fn: () => Promise<void> | void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export async function runCleanups(): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  for (const fn of pending.reverse()) {
    try {
      await fn();
    } catch {
      // Best effort: an interrupted command is already failing; the next `up` detects stale state.
    }
  }
}
