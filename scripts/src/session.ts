// What every command shares: the repository, the environment, progress output, and the runtime
// (chosen by --runtime, WORKSHOP_RUNTIME, the remembered choice, or auto-detection).
import {
  type ClusterRuntime,
  chooseRuntime,
  createProgress,
  createRuntime,
  learnerName,
  type Progress,
  type RuntimeChoice,
  rememberRuntime,
} from '@workshop/runtime';
import { usageError } from './errors.ts';
import { REPO_ROOT } from './repo.ts';

export interface RuntimeFlags {
  runtime?: string;
  httpPort?: number;
  httpsPort?: number;
  context?: string;
  learner?: string;
}

export interface Session {
  repoRoot: string;
  /** `.workshop/` unless WORKSHOP_STATE_DIR says otherwise (tests, several checkouts). */
  workshopDir?: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
}

export function createSession(env: NodeJS.ProcessEnv = process.env): Session {
  return { repoRoot: REPO_ROOT, workshopDir: env.WORKSHOP_STATE_DIR, env, progress: createProgress({ env }) };
}

export async function openRuntime(
  session: Session,
  flags: RuntimeFlags,
  options: { remember?: boolean } = {},
): Promise<{ runtime: ClusterRuntime; choice: RuntimeChoice }> {
  let choice: RuntimeChoice;
  try {
    choice = await chooseRuntime({
      flag: flags.runtime,
      env: session.env,
      repoRoot: session.repoRoot,
      workshopDir: session.workshopDir,
    });
  } catch (error) {
    // The only thing chooseRuntime rejects is a runtime name that does not exist: a usage error.
    throw usageError((error as Error).message);
  }
  if (choice.notice) session.progress.info(choice.notice);
  if (flags.learner && choice.name !== 'existing') {
    throw usageError(
      `--learner is for a shared cluster (--runtime existing); the ${choice.name} runtime is yours alone`,
    );
  }
  const learner = flags.learner ?? (choice.name === 'existing' ? session.env.WORKSHOP_LEARNER : undefined);
  if (learner) {
    try {
      learnerName(learner);
    } catch (error) {
      throw usageError((error as Error).message);
    }
  }
  const runtime = createRuntime(choice.name, {
    repoRoot: session.repoRoot,
    workshopDir: session.workshopDir,
    env: session.env,
    progress: session.progress,
    httpPort: flags.httpPort,
    httpsPort: flags.httpsPort,
    context: flags.context,
    learner: flags.learner,
    // A stand-in daemon with the same contract (tests of this package); the real one by default.
    daemonScript: session.env.WORKSHOP_SIM_DAEMON,
  });
  if (options.remember) {
    // Remembered once it is up: a runtime that failed to start (kind without Docker) must not
    // become the default of every later command.
    const up = runtime.up.bind(runtime);
    const name = choice.name;
    runtime.up = async () => {
      const status = await up();
      rememberRuntime({ repoRoot: session.repoRoot, workshopDir: session.workshopDir }, name);
      return status;
    };
  }
  return { runtime, choice };
}
