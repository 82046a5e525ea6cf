// Shared test fixtures: a config built from an env map, and a log sink that keeps lines in memory.
import { type Config, type Env, loadConfig } from '../src/config.ts';
import { createLogFactory, type LogFactory } from '../src/logger.ts';

export function testConfig(env: Env = {}): Config {
  return loadConfig({ POD_NAME: 'backend-test-pod', POD_IP: '10.244.0.7', ...env });
}

export function memoryLogs(appName = 'backend'): { logs: LogFactory; lines: string[] } {
  const lines: string[] = [];
  return { logs: createLogFactory(appName, { write: (line) => lines.push(line) }), lines };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
