// The `lab` command run as a child process, exactly as a learner types it, against the self-tests'
// sim cluster: its state dir (WORKSHOP_STATE_DIR), the sim runtime and the random-network daemon.
import { execFile, spawnSync } from 'node:child_process';
import { LAB_BIN, RANDOM_NETWORK_DAEMON } from './paths.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of every `lab` run of the self-tests, on the cluster kept in `stateDir`. */
export function labEnv(stateDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WORKSHOP_STATE_DIR: stateDir,
    WORKSHOP_RUNTIME: 'sim',
    WORKSHOP_SIM_DAEMON: RANDOM_NETWORK_DAEMON,
    NO_COLOR: '1',
  };
  // The tests read the scorecard and hints from stdout/stderr; GitHub annotations would add noise.
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;
  return env;
}

/** Runs `lab <args>`; resolves with its exit code and output (never rejects). */
export function runLab(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAB_BIN, ...args],
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The same, blocking: for a process 'exit' handler, where nothing asynchronous runs any more. */
export function runLabSync(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Run {
  const run = spawnSync(process.execPath, [LAB_BIN, ...args], { env, timeout: timeoutMs, encoding: 'utf8' });
  return { code: run.status ?? 1, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}
