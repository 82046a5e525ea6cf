// The `sim` runtime: the workshop's embedded Kubernetes, run as a background daemon with its state in
// .workshop/sim/, with the same Traefik manifests as kind (the sim runs `traefik:*` images itself).
import { join } from 'node:path';
import { KubeClient } from '@workshop/kube';
import { RuntimeError } from '../errors.ts';
import { workshopDir } from '../paths.ts';
import { type Progress, silentProgress } from '../progress.ts';
import { installTraefik } from '../traefik.ts';
import {
  type ClusterRuntime,
  type RuntimeOptions,
  type RuntimeStatus,
  WORKSHOP_NAMESPACE_LABELS,
} from '../types.ts';
import {
  type ClusterInfo,
  inspectDaemon,
  type SimPaths,
  simPaths,
  startDaemon,
  stopDaemon,
} from './daemon.ts';

/** The daemon's entry point inside the repository (the sim's contract). */
export const SIM_DAEMON_PATH = 'packages/sim/src/daemon.ts';

export interface SimRuntimeOptions extends RuntimeOptions {
  /** The daemon to run; tests pass a fake that follows the same contract. */
  daemonScript?: string;
  apiPort?: number;
}

export class SimRuntime implements ClusterRuntime {
  readonly name = 'sim' as const;
  readonly paths: SimPaths;
  private readonly progress: Progress;

  constructor(private readonly options: SimRuntimeOptions) {
    this.paths = simPaths(workshopDir(options));
    this.progress = options.progress ?? silentProgress;
  }

  async up(): Promise<RuntimeStatus> {
    const info = await this.progress.step('Starting the embedded cluster (sim)', async () => {
      const found = await inspectDaemon(this.paths);
      if (found.state === 'running') {
        this.progress.info(
          `reusing the running sim cluster (pid ${found.info.pid}, API ${found.info.apiUrl})`,
        );
        return found.info;
      }
      if (found.state === 'stale') {
        this.progress.info(`cleaning up stale sim state: ${found.reason}`);
        await stopDaemon(this.paths);
      }
      return startDaemon(this.paths, {
        repoRoot: this.options.repoRoot,
        daemonScript: this.options.daemonScript ?? join(this.options.repoRoot, SIM_DAEMON_PATH),
        httpPort: this.options.httpPort,
        httpsPort: this.options.httpsPort,
        apiPort: this.options.apiPort,
        env: this.options.env,
        timeoutMs: 60_000,
      });
    });
    const kube = await KubeClient.fromKubeconfig({ kubeconfigPath: info.kubeconfig, context: info.context });
    // A running sim that already has these very manifests is not re-applied on every start and grade.
    await installTraefik(kube, {
      progress: this.progress,
      crds: false,
      timeoutMs: this.options.timeoutMs,
      skipWhenUnchanged: true,
    });
    return this.statusOf(info, true);
  }

  async down(): Promise<void> {
    await this.progress.step('Stopping the embedded cluster (sim)', async () => {
      const { stopped } = await stopDaemon(this.paths);
      this.progress.info(
        stopped.length ? `stopped daemon pid ${stopped.join(', ')}` : 'no sim cluster was running',
      );
    });
  }

  async status(): Promise<RuntimeStatus> {
    const found = await inspectDaemon(this.paths);
    if (found.state === 'running') return this.statusOf(found.info, true);
    const detail =
      found.state === 'stale' ? `stale: ${found.reason}; run lab cluster up to recover` : 'not running';
    return {
      runtime: 'sim',
      running: false,
      kubeconfig: '',
      context: 'workshop-sim',
      http: '',
      https: '',
      nodePortHost: '',
      detail,
    };
  }

  async client(): Promise<KubeClient> {
    const found = await inspectDaemon(this.paths);
    if (found.state !== 'running') {
      throw new RuntimeError(
        'the sim cluster is not running; start it with: npx lab cluster up --runtime sim',
        { environment: true },
      );
    }
    return KubeClient.fromKubeconfig({ kubeconfigPath: found.info.kubeconfig, context: found.info.context });
  }

  namespace(labNamespace: string): string {
    return labNamespace;
  }

  image(reference: string): string {
    return reference;
  }

  namespaceLabels(): Record<string, string> {
    return { ...WORKSHOP_NAMESPACE_LABELS };
  }

  private statusOf(info: ClusterInfo, running: boolean): RuntimeStatus {
    return {
      runtime: 'sim',
      running,
      kubeconfig: info.kubeconfig,
      context: info.context,
      http: info.http,
      https: info.https,
      nodePortHost: info.nodePortHost,
      ...(info.hostNodePorts ? { mappedNodePorts: info.hostNodePorts } : {}),
      ...(info.nodeIP ? { nodeIP: info.nodeIP } : {}),
      ...(info.entryNote ? { entryNote: info.entryNote } : {}),
      detail: `daemon pid ${info.pid}, API ${info.apiUrl}, since ${info.startedAt}`,
    };
  }
}
