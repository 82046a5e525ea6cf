// The `lab` command as a child process, as a learner runs it, for the CLI tests: the fixture labs,
// a state dir of the test's own and the fake sim daemon, unless the test's env says otherwise.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FAKE_DAEMON = fileURLToPath(
  new URL('../../packages/runtime/test/fixtures/fake-sim-daemon.ts', import.meta.url),
);

export interface LabRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `lab(args, env)` with WORKSHOP_STATE_DIR=`state`. */
export function labRunner(state: string): (args: string[], env?: Record<string, string>) => Promise<LabRun> {
  return (args, env = {}) =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [LAB, ...args],
        {
          env: {
            ...process.env,
            CI: '1',
            NO_COLOR: '1',
            WORKSHOP_LABS_DIR: join(FIXTURES, 'labs'),
            WORKSHOP_STATE_DIR: state,
            WORKSHOP_SIM_DAEMON: FAKE_DAEMON,
            ...env,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
}
