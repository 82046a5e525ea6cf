// One container of a Pod through its life, like the kubelet's sync loop for it: "pull" the image,
// build the environment, start the process, run its probes, and restart it per restartPolicy with
// the CrashLoopBackOff back-off. It reports state changes; the Pod worker turns them into status.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { KubeObject } from '../core/types.ts';
import { Backoff } from './backoff.ts';
import { ContainerConfigError } from './container-env.ts';
import { containerLogPath, LogWriter } from './container-logs.ts';
import { type ContainerExit, type ContainerProcess, startContainerProcess } from './container-process.ts';
import { type ContainerSpecLike, type ImageCatalog, StartError } from './image-catalog.ts';
import type { ProbeSpec, ProbeTarget } from './probe.ts';
import { type ProbeKind, ProbeWorker } from './probe-worker.ts';

export interface ContainerSpec extends ContainerSpecLike {
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  readinessProbe?: ProbeSpec;
  livenessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  env?: unknown[];
  envFrom?: unknown[];
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
}

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: Terminated };

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt?: string;
  finishedAt: string;
  containerID?: string;
}

export interface RunnerContext {
  pod: () => KubeObject;
  podIP: string;
  podDir: string;
  catalog: ImageCatalog;
  shimPath: string;
  backoffScale: number;
  /** The container's environment; throws ContainerConfigError when a reference is missing. */
  env: (container: ContainerSpec) => Record<string, string>;
  event: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  log: (line: string) => void;
  changed: () => void;
  /** Where a probe connection really goes and where it comes from (see ProbeTarget.dial). */
  dial?: ProbeTarget['dial'];
  /** Called when a container process has exited (ports mode drops its port-table entries). */
  exited?: (pid: number) => void;
}

const SIGNALS: Record<string, number> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };

export class ContainerRunner {
  state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  lastState: { terminated?: Terminated } = {};
  restartCount = 0;
  ready = false;
  started = false;
  containerID?: string;
  everRan = false;
  /** No restart will follow (restartPolicy said so, or the Pod is stopping). */
  finished = false;
  /** The environment of the latest start, which `kubectl exec` sessions get too. */
  environment: Record<string, string> | undefined;
  /** The latest process, kept after it exited so an attach that comes late still gets its output. */
  lastProcess: ContainerProcess | undefined;
  /** Attach sessions to the latest process so far (stdinOnce closes stdin after the first). */
  attaches = 0;
  readonly #spec: ContainerSpec;
  readonly #ctx: RunnerContext;
  readonly #crashBackoff: Backoff;
  readonly #pullBackoff: Backoff;
  #process: ContainerProcess | undefined;
  #probes: ProbeWorker[] = [];
  #stopping = false;
  #stopGrace = 0;
  #killForRestart: string | undefined;
  #wake: (() => void) | undefined;
  #done: Promise<void> | undefined;
  /** When the Pod came to this node: the probe workers' tickers start here (see probe-worker.ts). */
  readonly #createdAt = Date.now();

  constructor(spec: ContainerSpec, ctx: RunnerContext) {
    this.#spec = spec;
    this.#ctx = ctx;
    this.#crashBackoff = new Backoff(ctx.backoffScale);
    this.#pullBackoff = new Backoff(ctx.backoffScale);
    this.#pullBackoff.next(); // image pulls wait from the first failure on
  }

  get name(): string {
    return this.#spec.name;
  }

  get image(): string {
    return this.#spec.image;
  }

  get spec(): ContainerSpec {
    return this.#spec;
  }

  /** The OS process id of the running container, if any. */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** The running process, for attach. */
  get process(): ContainerProcess | undefined {
    return this.#process;
  }

  /** True while the container's process is alive (for `kubectl logs -f`). */
  get live(): boolean {
    return this.#process !== undefined;
  }

  logPath(previous: boolean): string | undefined {
    const count = previous ? this.restartCount - 1 : this.restartCount;
    return count < 0 ? undefined : containerLogPath(this.#ctx.podDir, this.name, count);
  }

  start(): void {
    this.#done ??= this.#loop().catch((error) =>
      this.#ctx.log(`kubelet: container ${this.name}: ${String(error)}`),
    );
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when no process is left. */
  async stop(graceSeconds: number, reason = `Stopping container ${this.name}`): Promise<void> {
    this.#stopping = true;
    this.#stopGrace = graceSeconds;
    this.#wake?.();
    if (this.#process) await this.#kill(graceSeconds, reason);
    await this.#done;
  }

  async #kill(graceSeconds: number, reason: string): Promise<void> {
    const process = this.#process;
    if (!process) return;
    this.#ctx.event('Normal', 'Killing', reason);
    process.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        process.kill('SIGKILL');
        resolve();
      }, graceSeconds * 1000);
    });
    await Promise.race([process.exited, killed]);
    clearTimeout(timer);
    await process.exited;
  }

  async #sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  #set(state: ContainerState): void {
    this.state = state;
    this.#ctx.changed();
  }

  async #loop(): Promise<void> {
    const image = this.image;
    while (!this.#stopping) {
      const entry = this.#ctx.catalog.find(image);
      if (!entry) {
        const message = this.#ctx.catalog.missingMessage(image);
        this.#ctx.event('Normal', 'Pulling', `Pulling image "${image}"`);
        this.#ctx.event('Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
        this.#ctx.event('Warning', 'Failed', 'Error: ErrImagePull');
        this.#set({ waiting: { reason: 'ErrImagePull', message } });
        await this.#sleep(Math.min(1000, 100 * this.#ctx.backoffScale * 10));
        if (this.#stopping) break;
        this.#ctx.event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
        this.#ctx.event('Warning', 'Failed', 'Error: ImagePullBackOff');
        this.#set({
          waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ${message}` },
        });
        await this.#sleep(this.#pullBackoff.next());
        continue;
      }
      try {
        await entry.prepare?.(this.#ctx.log);
      } catch (error) {
        const message = (error as Error).message;
        this.#ctx.event('Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
        this.#set({ waiting: { reason: 'ErrImagePull', message } });
        await this.#sleep(this.#pullBackoff.next());
        continue;
      }
      this.#ctx.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);

      let env: Record<string, string>;
      let plan: ReturnType<typeof entry.plan>;
      try {
        env = this.#ctx.env(this.#spec);
        plan = entry.plan(this.#spec);
      } catch (error) {
        if (error instanceof ContainerConfigError) {
          this.#ctx.event('Warning', 'Failed', `Error: ${error.message}`);
          this.#set({ waiting: { reason: 'CreateContainerConfigError', message: error.message } });
          await this.#sleep(this.#crashBackoff.next() || 1000 * this.#ctx.backoffScale);
          continue;
        }
        if (!(error instanceof StartError)) throw error;
        this.#ctx.event('Warning', 'Failed', `Error: ${error.message}`);
        const now = new Date().toISOString();
        if (
          await this.#afterExit(
            { exitCode: 128, reason: 'StartError', message: error.message, finishedAt: now },
            0,
            true,
          )
        )
          continue;
        break;
      }

      const containerID = `containerd://${randomBytes(32).toString('hex')}`;
      if (this.everRan) this.restartCount += 1;
      await mkdir(path.join(this.#ctx.podDir, this.name), { recursive: true });
      const logFile = this.logPath(false) as string;
      const startedAt = Date.now();
      let process: ContainerProcess;
      try {
        process = await startContainerProcess({
          plan,
          env,
          shimPath: this.#ctx.shimPath,
          log: new LogWriter(logFile),
          stdin: this.#spec.stdin === true,
        });
      } catch (error) {
        const message = (error as Error).message;
        this.#ctx.event('Warning', 'Failed', `Error: ${message}`);
        if (
          await this.#afterExit(
            { exitCode: 128, reason: 'StartError', message, finishedAt: new Date().toISOString() },
            0,
            true,
          )
        )
          continue;
        break;
      }
      this.#process = process;
      this.lastProcess = process;
      this.attaches = 0;
      this.environment = env;
      this.everRan = true;
      // stop() came while the process was being started: it goes the same way as a running one.
      if (this.#stopping) void this.#kill(this.#stopGrace, `Stopping container ${this.name}`);
      this.containerID = containerID;
      this.#ctx.event('Normal', 'Created', `Created container: ${this.name}`);
      this.#ctx.event('Normal', 'Started', `Started container ${this.name}`);
      this.started = !this.#spec.startupProbe;
      this.ready = this.started && !this.#spec.readinessProbe;
      this.#set({ running: { startedAt: new Date(startedAt).toISOString() } });
      this.#startProbes(startedAt);

      const exit: ContainerExit = await process.exited;
      this.#ctx.exited?.(process.pid);
      this.#process = undefined;
      for (const probe of this.#probes) probe.stop();
      this.#probes = [];
      this.ready = false;
      this.started = false;
      const terminated: Terminated = {
        exitCode: exit.exitCode,
        reason: exit.exitCode === 0 ? 'Completed' : 'Error',
        ...(exit.signal && SIGNALS[exit.signal] ? { signal: SIGNALS[exit.signal] } : {}),
        startedAt: new Date(startedAt).toISOString(),
        finishedAt: new Date().toISOString(),
        containerID,
      };
      if (!(await this.#afterExit(terminated, Date.now() - startedAt, false))) break;
    }
    this.finished = true;
    this.#ctx.changed();
  }

  /** Decides on a restart after an exit; waits out the back-off. False when the container stays down. */
  async #afterExit(terminated: Terminated, ranMs: number, startFailure: boolean): Promise<boolean> {
    const policy = this.#ctx.pod().spec?.restartPolicy ?? 'Always';
    const forced = this.#killForRestart !== undefined;
    this.#killForRestart = undefined;
    const restart =
      !this.#stopping &&
      (policy === 'Always' || (policy === 'OnFailure' && (terminated.exitCode !== 0 || forced)));
    if (!restart) {
      this.finished = true;
      this.#set({ terminated });
      return false;
    }
    this.lastState = { terminated };
    // A failed start counts as a container instance: the next attempt is a restart.
    if (startFailure) this.everRan = true;
    const delay = this.#crashBackoff.next(ranMs);
    if (delay > 0) {
      const pod = this.#ctx.pod();
      const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      this.#ctx.event(
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${this.name} in pod ${podRef}`,
      );
      this.#set({
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${this.#crashBackoff.describe()} restarting failed container=${this.name} pod=${podRef}`,
        },
      });
      await this.#sleep(delay);
    }
    return !this.#stopping;
  }

  #startProbes(startedAt: number): void {
    const target = { podIP: this.#ctx.podIP, ports: this.#spec.ports ?? [], dial: this.#ctx.dial };
    const labels: Record<ProbeKind, string> = {
      readiness: 'Readiness',
      liveness: 'Liveness',
      startup: 'Startup',
    };
    const make = (kind: ProbeKind, spec: ProbeSpec | undefined) => {
      if (!spec) return;
      const worker = new ProbeWorker({
        kind,
        spec,
        target,
        startedAt,
        tickFrom: this.#createdAt,
        active: () => kind === 'startup' || this.started,
        onFailure: (message) =>
          this.#ctx.event('Warning', 'Unhealthy', `${labels[kind]} probe failed: ${message}`),
        onResult: (ok) => {
          if (kind === 'readiness') this.ready = ok && this.started;
          if (kind === 'startup' && ok) {
            this.started = true;
            this.ready = !this.#spec.readinessProbe;
          }
          if ((kind === 'liveness' || kind === 'startup') && !ok && this.#process) {
            this.#killForRestart = kind;
            const grace =
              spec.terminationGracePeriodSeconds ?? this.#ctx.pod().spec?.terminationGracePeriodSeconds ?? 30;
            void this.#kill(grace, `Container ${this.name} failed ${kind} probe, will be restarted`);
          }
          this.#ctx.changed();
        },
      });
      this.#probes.push(worker);
      worker.start();
    };
    make('startup', this.#spec.startupProbe);
    make('liveness', this.#spec.livenessProbe);
    make('readiness', this.#spec.readinessProbe);
  }
}
