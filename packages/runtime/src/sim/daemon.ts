// Runs the sim daemon (packages/sim/src/daemon.ts) in the background and keeps track of it:
// spawn detached with its output in .workshop/sim/daemon.log, wait for cluster.json, tell a live
// cluster from stale leftovers (dead pid, an API that no longer answers /readyz), stop it.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { KubeClient } from '@workshop/kube';
import { bundleEntry } from '@workshop/sim/core/bundle-cache.ts';
import { registerCleanup } from '../cleanup.ts';
import { environmentError, RuntimeError } from '../errors.ts';
import { readJson, writeJson } from '../paths.ts';
import { commandLine, isAlive, stopProcess } from '../process.ts';

/** What the daemon writes to <state-dir>/cluster.json once its API is ready (the sim's contract). */
export interface ClusterInfo {
  pid: number;
  apiUrl: string;
  kubeconfig: string;
  context: string;
  http: string;
  https: string;
  /** Why the entry points are not on 80/443, when the rule moved them (newer daemons). */
  entryNote?: string;
  nodePortHost: string;
  /** The node's InternalIP (older daemons do not write it). */
  nodeIP?: string;
  /** The NodePorts 127.0.0.1 forwards to the node. */
  hostNodePorts?: number[];
  startedAt: string;
}

export interface SimPaths {
  stateDir: string;
  clusterJson: string;
  /** Written by us at spawn time: covers a daemon that never got as far as cluster.json. */
  pidFile: string;
  log: string;
}

export function simPaths(workshopDir: string): SimPaths {
  const stateDir = join(workshopDir, 'sim');
  return {
    stateDir,
    clusterJson: join(stateDir, 'cluster.json'),
    pidFile: join(stateDir, 'daemon.pid.json'),
    log: join(stateDir, 'daemon.log'),
  };
}

export type DaemonState =
  | { state: 'running'; info: ClusterInfo }
  | { state: 'stale'; reason: string; pid?: number }
  | { state: 'stopped' };

export function readClusterInfo(paths: SimPaths): ClusterInfo | undefined {
  const info = readJson<ClusterInfo>(paths.clusterJson);
  if (!info || typeof info.pid !== 'number' || typeof info.apiUrl !== 'string') return undefined;
  const kubeconfig = isAbsolute(info.kubeconfig) ? info.kubeconfig : resolve(paths.stateDir, info.kubeconfig);
  return { ...info, kubeconfig };
}

export async function apiAnswers(info: ClusterInfo, timeoutMs = 3_000): Promise<boolean> {
  try {
    const kube = await KubeClient.fromKubeconfig({ kubeconfigPath: info.kubeconfig, context: info.context });
    const res = await kube.transport.raw({ path: '/readyz', accept: '*/*', timeoutMs });
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function inspectDaemon(paths: SimPaths): Promise<DaemonState> {
  const info = readClusterInfo(paths);
  const spawned = readJson<{ pid: number }>(paths.pidFile);
  if (info) {
    if (!isAlive(info.pid))
      return { state: 'stale', reason: `cluster.json names pid ${info.pid}, which is not running` };
    if (!(await apiAnswers(info))) {
      return {
        state: 'stale',
        reason: `the daemon (pid ${info.pid}) does not answer ${info.apiUrl}/readyz`,
        pid: info.pid,
      };
    }
    return { state: 'running', info };
  }
  if (spawned && isAlive(spawned.pid) && (await isOurDaemon(spawned.pid, paths))) {
    return {
      state: 'stale',
      reason: `a daemon (pid ${spawned.pid}) was started but never became ready`,
      pid: spawned.pid,
    };
  }
  return { state: 'stopped' };
}

/** True when the pid runs a daemon with our state dir (a recycled pid must never be killed). */
async function isOurDaemon(pid: number, paths: SimPaths): Promise<boolean> {
  const cmd = await commandLine(pid);
  return !!cmd && cmd.includes(paths.stateDir);
}

/** Stops whatever daemon the state names and removes the state files. Safe when nothing runs. */
export async function stopDaemon(paths: SimPaths): Promise<{ stopped: number[] }> {
  const stopped: number[] = [];
  const candidates = new Set<number>();
  const info = readClusterInfo(paths);
  if (info) candidates.add(info.pid);
  const spawned = readJson<{ pid: number }>(paths.pidFile);
  if (spawned) candidates.add(spawned.pid);
  for (const pid of candidates) {
    if (isAlive(pid) && (await isOurDaemon(pid, paths))) {
      await stopProcess(pid);
      stopped.push(pid);
    }
  }
  rmSync(paths.clusterJson, { force: true });
  rmSync(paths.pidFile, { force: true });
  return { stopped };
}

export interface StartOptions {
  repoRoot: string;
  daemonScript: string;
  httpPort?: number;
  httpsPort?: number;
  apiPort?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export async function startDaemon(paths: SimPaths, options: StartOptions): Promise<ClusterInfo> {
  if (!existsSync(options.daemonScript)) {
    throw new RuntimeError(
      `the sim daemon ${options.daemonScript} does not exist; is packages/sim installed (npm ci)?`,
    );
  }
  mkdirSync(paths.stateDir, { recursive: true });
  rmSync(paths.clusterJson, { force: true });
  const launch = await daemonLaunch(options.daemonScript, options.env ?? process.env);
  const args = [...launch.args, '--state-dir', paths.stateDir];
  if (options.apiPort !== undefined) args.push('--api-port', String(options.apiPort));
  if (options.httpPort !== undefined) args.push('--http-port', String(options.httpPort));
  if (options.httpsPort !== undefined) args.push('--https-port', String(options.httpsPort));
  // Which NodePorts 127.0.0.1 forwards to the node (default 30000-30009, as kind maps them): "none"
  // lets a second sim run beside one that holds them.
  const env = options.env ?? process.env;
  if (env.WORKSHOP_SIM_NODE_PORTS) args.push('--node-port-mappings', env.WORKSHOP_SIM_NODE_PORTS);
  const log = openSync(paths.log, 'w');
  if (launch.note) writeSync(log, `${launch.note}\n`);
  const child = spawn(process.execPath, args, {
    cwd: options.repoRoot,
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new RuntimeError(`could not start ${process.execPath} ${args.join(' ')}`);
  writeJson(paths.pidFile, { pid, startedAt: new Date().toISOString() });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.on('exit', (code, signal) => {
    exit = { code, signal };
  });
  child.unref();
  // Until the daemon is ready, an interrupted `up` must take it down with it.
  const unregister = registerCleanup(() => stopDaemon(paths).then(() => undefined));
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const info = readClusterInfo(paths);
      if (info && (await apiAnswers(info))) return info;
      if (exit) {
        rmSync(paths.pidFile, { force: true });
        const line =
          lastLine(paths.log, launch.note) ?? `it exited with ${exit.code ?? exit.signal} and logged nothing`;
        // The daemon names its own flag; the learner sets it through the environment.
        const advice = line.replace('pass --node-port-mappings none', 'set WORKSHOP_SIM_NODE_PORTS=none');
        const message = `the sim cluster did not start: ${advice} (log: ${paths.log})`;
        throw /already in use|EADDRINUSE|EACCES|permission denied/i.test(line)
          ? environmentError(message)
          : new RuntimeError(message);
      }
      if (Date.now() > deadline) {
        await stopDaemon(paths);
        throw new RuntimeError(
          `the sim cluster did not become ready within ${Math.round((options.timeoutMs ?? 60_000) / 1000)}s; last log line: ${lastLine(paths.log, launch.note) ?? '(empty)'} (log: ${paths.log})`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    unregister();
  }
}

/**
 * How to run the daemon: from its cached one-file bundle (no TypeScript transform at start, ~0.5 s
 * less), or through tsx when it cannot be bundled or WORKSHOP_SIM_TSX=1 asks for that.
 */
export async function daemonLaunch(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ args: string[]; note?: string }> {
  const tsx = ['--import', 'tsx', script];
  if (env.WORKSHOP_SIM_TSX === '1' || !/\.[cm]?ts$/.test(script)) return { args: tsx };
  try {
    const bundle = await bundleEntry(script);
    return {
      args: [bundle.file],
      note: `sim: ${bundle.built ? 'built' : 'reusing'} the daemon bundle ${bundle.file} (of ${script})`,
    };
  } catch (error) {
    // The bundler's message already holds every error it found, on one line: keep all of it.
    return {
      args: tsx,
      note: `sim: running the daemon through tsx: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** The log's last line, leaving out our own launch note (it says nothing about why the daemon stopped). */
function lastLine(path: string, note?: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && l !== note)
      .at(-1);
  } catch {
    return undefined;
  }
}
