// One sim cluster for all the labs' self-tests: started once with `lab cluster up` (the real command,
// in a temp state dir, on a random address plan) and taken down after the last file, on a failure,
// and on Ctrl-C or SIGTERM too, so no daemon, Pod process or socket outlives the run. The labs use
// their own namespaces (lab-<id>) and node ports, so they share it safely.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { labEnv, runLab, runLabSync } from './lab-cli.ts';
import { killDescendants } from './process-tree.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** WORKSHOP_STATE_DIR of the shared cluster: `lab` runs with it reuse that cluster. */
    labsStateDir: string;
    /** The shared cluster's kubeconfig and entry points, for the lessons' commands. */
    labsCluster: { kubeconfig: string; http: string; https: string; nodePortHost: string };
  }
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = mkdtempSync(join(tmpdir(), 'labs-selftest-'));
  const env = labEnv(stateDir);

  let down = false;
  // vitest answers Ctrl-C or SIGTERM by exiting at once, without teardowns and without stopping
  // its workers: stop them and the cluster from the process's last moments instead, synchronously,
  // since nothing asynchronous runs there any more. Workers and their `lab` commands go first, or a
  // `lab start` still running would start a new cluster once this one is down.
  const downNow = () => {
    if (down) return;
    down = true;
    killDescendants();
    // The state dir is how the daemon is found: keep it when the cluster did not go down.
    if (runLabSync(['cluster', 'down'], env).code === 0) rmSync(stateDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    downNow();
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };
  const unhook = () => {
    process.off('exit', downNow);
    for (const signal of Object.keys(SIGNAL_EXIT)) process.off(signal, onSignal);
  };
  process.on('exit', downNow);
  for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, onSignal);

  const up = await runLab(['cluster', 'up', '--json'], env, 120_000);
  if (up.code !== 0) {
    downNow();
    unhook();
    throw new Error(
      `the labs' self-tests need a sim cluster, but lab cluster up exited ${up.code}; its output:\n${up.stderr}`,
    );
  }
  project.provide('labsStateDir', stateDir);
  const { kubeconfig, http, https, nodePortHost } = JSON.parse(up.stdout) as Record<string, string>;
  project.provide('labsCluster', {
    kubeconfig: kubeconfig ?? '',
    http: http ?? '',
    https: https ?? '',
    nodePortHost: nodePortHost ?? '',
  });

  return async () => {
    unhook();
    if (down) return;
    down = true;
    const stopped = await runLab(['cluster', 'down'], env, 60_000);
    if (stopped.code === 0) rmSync(stateDir, { recursive: true, force: true });
    else {
      throw new Error(
        `lab cluster down exited ${stopped.code} after the self-tests; a sim daemon may be left running (state was in ${stateDir}):\n${stopped.stderr}`,
      );
    }
  };
}
