// The `kind` runtime: a real Kubernetes cluster in a Docker or Podman container. Creation is a list
// of small named steps (check the engine and kind, create or reuse the cluster, build and load the
// backend image, install Traefik, start cloud-provider-kind), each shown as a progress line; delete
// is idempotent. The cluster's kubeconfig lives in .workshop/kind/kubeconfig only: kind is always
// given --kubeconfig, so the user's ~/.kube/config and current context are never touched.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient } from '@workshop/kube';
import { $ } from 'zx';
import { environmentError, RuntimeError } from '../errors.ts';
import { readJson, workshopDir, writeJson } from '../paths.ts';
import { chooseEntryPorts, type EntryPortChoice, type EntryPortPublisher, entryPortProbe } from '../ports.ts';
import { type Progress, silentProgress } from '../progress.ts';
import { installTraefik } from '../traefik.ts';
import {
  type ClusterRuntime,
  type RuntimeOptions,
  type RuntimeStatus,
  WORKSHOP_NAMESPACE_LABELS,
} from '../types.ts';
import { ensureBackendImage } from './backend-image.ts';
import { kindConfigYaml } from './config.ts';
import { detectEngine, type Engine, whichProvider } from './engine.ts';
import { qualifiedImage } from './image.ts';
import { lastLine, must } from './shell.ts';
import {
  CLOUD_PROVIDER_KIND_CONTAINER,
  CLOUD_PROVIDER_KIND_IMAGE,
  INGRESS_NODE_PORTS,
  KIND_CLUSTER_NAME,
  KIND_CONTEXT,
  KIND_NODE,
  KIND_NODE_IMAGE,
  KIND_VERSION,
  LAB_NODE_PORTS,
  nodeImageTag,
} from './versions.ts';

interface KindState {
  httpPort: number;
  httpsPort: number;
  nodeImage: string;
  createdAt: string;
  entryNote?: string;
}

/** What engines say when they may not publish a port below 1024 (rootless Docker/Podman, Docker Desktop without its helper). */
const PRIVILEGED_PUBLISH_REFUSED =
  /cannot expose privileged port|privileged port|ip_unprivileged_port_start|bind: permission denied/i;

export class KindRuntime implements ClusterRuntime {
  readonly name = 'kind' as const;
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly configPath: string;
  private readonly statePath: string;
  private readonly progress: Progress;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: RuntimeOptions) {
    this.dir = join(workshopDir(options), 'kind');
    this.kubeconfigPath = join(this.dir, 'kubeconfig');
    this.configPath = join(this.dir, 'kind-config.yaml');
    this.statePath = join(this.dir, 'state.json');
    this.progress = options.progress ?? silentProgress;
    this.env = options.env ?? process.env;
  }

  /** zx with the given env and our cwd; results are checked with `must` so failures read as one line. */
  private sh(env: NodeJS.ProcessEnv = this.env) {
    return $({ quiet: true, nothrow: true, env, cwd: this.options.repoRoot });
  }

  async up(): Promise<RuntimeStatus> {
    const engine = await this.progress.step('Checking the container engine and kind', () => this.preflight());
    let state: KindState;
    if (await this.clusterExists(engine)) {
      this.progress.info(`reusing the kind cluster "${KIND_CLUSTER_NAME}" (${engine.label})`);
      await this.ensureNodeRunning(engine);
      state = await this.reusedState(engine);
    } else {
      state = await this.create(engine);
    }
    writeJson(this.statePath, state);
    if (state.entryNote) this.progress.info(state.entryNote);
    await this.exportKubeconfig(engine);
    await this.ensureBackendImage(engine);
    const kube = await KubeClient.fromKubeconfig({
      kubeconfigPath: this.kubeconfigPath,
      context: KIND_CONTEXT,
    });
    await installTraefik(kube, {
      progress: this.progress,
      crds: true,
      timeoutMs: this.options.timeoutMs,
      skipWhenUnchanged: true,
    });
    await this.progress.step('Starting cloud-provider-kind (the LoadBalancer provider)', () =>
      this.startCloudProvider(engine),
    );
    return this.statusOf(state, true, `kind cluster "${KIND_CLUSTER_NAME}" on ${engine.label}`);
  }

  async down(): Promise<void> {
    const bin = await whichProvider(this.env).catch(() => 'docker' as const);
    const kindEnv = bin === 'podman' ? { ...this.env, KIND_EXPERIMENTAL_PROVIDER: 'podman' } : this.env;
    await this.progress.step(`Deleting kind cluster "${KIND_CLUSTER_NAME}"`, async () => {
      mkdirSync(this.dir, { recursive: true });
      // `kind delete cluster` succeeds when the cluster does not exist, so down twice is fine;
      // --kubeconfig: it removes the context from the workshop's file, never from ~/.kube/config.
      must(
        await this.sh(
          kindEnv,
        )`kind delete cluster --name ${KIND_CLUSTER_NAME} --kubeconfig ${this.kubeconfigPath}`,
        'kind delete cluster',
      );
      // The provider has nothing to watch without the cluster; removing a missing one is fine.
      await this.sh()`${bin} rm -f ${CLOUD_PROVIDER_KIND_CONTAINER}`;
    });
    rmSync(this.statePath, { force: true });
    rmSync(this.kubeconfigPath, { force: true });
  }

  async status(): Promise<RuntimeStatus> {
    const saved = readJson<KindState>(this.statePath);
    const fallback: KindState = saved ?? {
      httpPort: 0,
      httpsPort: 0,
      nodeImage: KIND_NODE_IMAGE,
      createdAt: '',
    };
    let engine: Engine;
    try {
      engine = await detectEngine(this.env);
    } catch (error) {
      return this.statusOf(fallback, false, `${(error as Error).message.split(';')[0]} (see lab doctor)`);
    }
    if (!(await this.clusterExists(engine))) return this.statusOf(fallback, false, 'not running');
    if (!(await this.nodeRunning(engine))) {
      return this.statusOf(
        fallback,
        false,
        `the node container ${KIND_NODE} is stopped; npx lab cluster up --runtime kind starts it`,
      );
    }
    const state = await this.reusedState(engine);
    await this.exportKubeconfig(engine);
    return this.statusOf(state, true, `kind cluster "${KIND_CLUSTER_NAME}" on ${engine.label}`);
  }

  async client(): Promise<KubeClient> {
    const engine = await detectEngine(this.env);
    if (!(await this.clusterExists(engine)) || !(await this.nodeRunning(engine))) {
      throw environmentError(
        'the kind cluster is not running; start it with: npx lab cluster up --runtime kind',
      );
    }
    // up and status refresh it; here only a missing one (a deleted .workshop/) is written again.
    if (!existsSync(this.kubeconfigPath)) await this.exportKubeconfig(engine);
    return KubeClient.fromKubeconfig({ kubeconfigPath: this.kubeconfigPath, context: KIND_CONTEXT });
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

  /** The backend image as the labs' Pods name it. */
  backendImage(): string {
    const pkg = JSON.parse(
      readFileSync(join(this.options.repoRoot, 'apps/backend/package.json'), 'utf8'),
    ) as { version: string };
    return `workshop/backend:${pkg.version}`;
  }

  private async preflight(): Promise<Engine> {
    const engine = await detectEngine(this.env);
    const kind = await $({ nothrow: true, quiet: true, env: engine.kindEnv, timeout: 20_000 })`kind version`;
    if (kind.exitCode !== 0) {
      throw environmentError(
        'kind is not installed; install it (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) or use --runtime sim',
      );
    }
    const installed = /\bv\d+\.\d+\.\d+\S*/.exec(kind.stdout)?.[0];
    if (installed && installed !== KIND_VERSION) {
      this.progress.info(
        `kind ${installed} is installed; the workshop pins kind ${KIND_VERSION} for its node image ${nodeImageTag()} (node images are not guaranteed across kind releases; see lab doctor)`,
      );
    }
    return engine;
  }

  private async clusterExists(engine: Engine): Promise<boolean> {
    const result = await $({ nothrow: true, quiet: true, env: engine.kindEnv })`kind get clusters`;
    return (
      result.exitCode === 0 &&
      result.stdout
        .split('\n')
        .map((l) => l.trim())
        .includes(KIND_CLUSTER_NAME)
    );
  }

  private async nodeRunning(engine: Engine): Promise<boolean> {
    const result = await this.sh()`${engine.bin} inspect --format ${'{{.State.Running}}'} ${KIND_NODE}`;
    return result.exitCode === 0 && result.stdout.trim() === 'true';
  }

  /** A cluster whose node container is stopped (after a reboot, say) is started, not "reused" as is. */
  private async ensureNodeRunning(engine: Engine): Promise<void> {
    if (await this.nodeRunning(engine)) return;
    await this.progress.step(`Starting the stopped node container ${KIND_NODE}`, async () => {
      must(await this.sh()`${engine.bin} start ${KIND_NODE}`, `${engine.bin} start ${KIND_NODE}`);
    });
  }

  /**
   * The entry ports of a running cluster, as its node container publishes them (not only as a state
   * file says: .workshop/ may be gone, or belong to another cluster).
   */
  private async reusedState(engine: Engine): Promise<KindState> {
    const saved = readJson<KindState>(this.statePath);
    const published = await this.publishedPorts(engine);
    const httpPort = published.get(INGRESS_NODE_PORTS.http) ?? saved?.httpPort;
    const httpsPort = published.get(INGRESS_NODE_PORTS.https) ?? saved?.httpsPort;
    if (httpPort === undefined || httpsPort === undefined) {
      throw new RuntimeError(
        `the kind cluster "${KIND_CLUSTER_NAME}" does not publish nodePorts ${INGRESS_NODE_PORTS.http}/${INGRESS_NODE_PORTS.https} (was it made by another tool?); delete it with npx lab cluster down --runtime kind, then run lab cluster up again`,
      );
    }
    for (const [flag, asked, actual] of [
      ['--http-port', this.options.httpPort, httpPort],
      ['--https-port', this.options.httpsPort, httpsPort],
    ] as const) {
      if (asked !== undefined && asked !== actual) {
        this.progress.info(
          `the running cluster publishes its entry point on ${actual}, not ${asked}: ${flag} applies when the cluster is created (npx lab cluster down --runtime kind first)`,
        );
      }
    }
    const entryNote =
      httpPort === saved?.httpPort && httpsPort === saved?.httpsPort ? saved?.entryNote : undefined;
    return {
      httpPort,
      httpsPort,
      nodeImage: saved?.nodeImage ?? KIND_NODE_IMAGE,
      createdAt: saved?.createdAt ?? '',
      ...(entryNote ? { entryNote } : {}),
    };
  }

  /** `docker port <node>`: `30080/tcp -> 127.0.0.1:8080` per line → container port → host port. */
  private async publishedPorts(engine: Engine): Promise<Map<number, number>> {
    const result = await this.sh()`${engine.bin} port ${KIND_NODE}`;
    const ports = new Map<number, number>();
    if (result.exitCode !== 0) return ports;
    for (const line of result.stdout.split('\n')) {
      const match = /^(\d+)\/tcp\s*->\s*\S*:(\d+)\s*$/.exec(line.trim());
      if (match && !ports.has(Number(match[1]))) ports.set(Number(match[1]), Number(match[2]));
    }
    return ports;
  }

  private publisher(engine: Engine): EntryPortPublisher {
    return engine.rootless
      ? {
          kind: 'rootless-engine',
          engine: engine.label.replace(/ [\d.]+.*$/, ''),
          ...this.unprivilegedStart(),
        }
      : { kind: 'engine', engine: engine.label };
  }

  private unprivilegedStart(): { unprivilegedPortStart?: number } {
    try {
      const value = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
      return Number.isFinite(value) ? { unprivilegedPortStart: value } : {};
    } catch {
      return {};
    }
  }

  /** The entry ports for a new cluster: the ones asked for (checked), else the workshop's rule. */
  private async entryPorts(publisher: EntryPortPublisher): Promise<EntryPortChoice> {
    const { httpPort, httpsPort } = this.options;
    if (httpPort === undefined && httpsPort === undefined)
      return chooseEntryPorts(publisher, { env: this.env });
    const rule =
      httpPort === undefined || httpsPort === undefined
        ? await chooseEntryPorts(publisher, { env: this.env })
        : undefined;
    const ports = { http: httpPort ?? rule?.http ?? 8080, https: httpsPort ?? rule?.https ?? 8443 };
    for (const [port, flag, other] of [
      [ports.http, '--http-port', 8080],
      [ports.https, '--https-port', 8443],
    ] as const) {
      const answer = await entryPortProbe(port, publisher, { env: this.env });
      if (answer.ok) continue;
      throw environmentError(
        answer.inUse
          ? `port ${port} on 127.0.0.1 is already ${answer.why}; stop it or pass ${flag} to choose another (e.g. ${flag} ${other})`
          : `port ${port} on 127.0.0.1 cannot be used: ${answer.why}; pass ${flag} ${other}, or let rootless engines publish it (see lab doctor)`,
      );
    }
    return ports;
  }

  private async checkNodePorts(): Promise<void> {
    for (const port of LAB_NODE_PORTS) {
      const answer = await entryPortProbe(port, { kind: 'engine' }, { env: this.env });
      if (answer.ok) continue;
      throw environmentError(
        `port ${port} on 127.0.0.1 is already ${answer.why}; stop it; the labs need ports 30000-30009`,
      );
    }
  }

  private async create(engine: Engine): Promise<KindState> {
    const publisher = this.publisher(engine);
    let ports = await this.progress.step('Choosing the host ports', async () => {
      const chosen = await this.entryPorts(publisher);
      await this.checkNodePorts();
      return chosen;
    });
    const chosenByRule = this.options.httpPort === undefined && this.options.httpsPort === undefined;
    mkdirSync(this.dir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      writeFileSync(this.configPath, kindConfigYaml({ httpPort: ports.http, httpsPort: ports.https }));
      const created = await this.progress.step(
        `Creating kind cluster "${KIND_CLUSTER_NAME}" (${nodeImageTag()}, entry points ${ports.http}/${ports.https})`,
        async () => {
          const result = await this.sh(
            engine.kindEnv,
          )`kind create cluster --name ${KIND_CLUSTER_NAME} --config ${this.configPath} --kubeconfig ${this.kubeconfigPath} --wait 120s`;
          if (result.exitCode === 0) return true;
          // kind removes a node that failed to come up, but not always all of it (a failure after
          // the node started): delete what is left, so the next up does not reuse half a cluster.
          await this.sh(
            engine.kindEnv,
          )`kind delete cluster --name ${KIND_CLUSTER_NAME} --kubeconfig ${this.kubeconfigPath}`;
          const said = `${result.stderr}\n${result.stdout}`;
          // The engine refused to publish 80/443 (rootless, Docker Desktop without its privileged
          // helper): the rule's next pair, once, instead of a failure.
          const refused = PRIVILEGED_PUBLISH_REFUSED.test(said) && Math.min(ports.http, ports.https) < 1024;
          if (refused && chosenByRule && attempt === 1) return false;
          if (refused) {
            throw environmentError(
              `${engine.label} refused to publish port ${ports.http < 1024 ? ports.http : ports.https} (ports below 1024 need root); pass --http-port 8080 --https-port 8443, or see lab doctor for the rootless fix`,
            );
          }
          must(result, 'kind create cluster');
          return true;
        },
      );
      if (created) break;
      this.progress.info(
        `${engine.label} refused to publish ports ${ports.http}/${ports.https} (privileged ports); creating the cluster with the next free pair instead`,
      );
      const high = await chooseEntryPorts(
        { kind: 'rootless-engine', engine: engine.label, unprivilegedPortStart: 1024 },
        { env: this.env },
      );
      ports = {
        ...high,
        note: `entry points on ${high.http}/${high.https}: ${engine.label} refused to publish ports 80 and 443 (privileged ports)`,
      };
    }
    return {
      httpPort: ports.http,
      httpsPort: ports.https,
      nodeImage: KIND_NODE_IMAGE,
      createdAt: new Date().toISOString(),
      ...(ports.note ? { entryNote: ports.note } : {}),
    };
  }

  /** The workshop's own kubeconfig file, refreshed (a restarted node may publish its API on a new port). */
  private async exportKubeconfig(engine: Engine): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    must(
      await this.sh(
        engine.kindEnv,
      )`kind export kubeconfig --name ${KIND_CLUSTER_NAME} --kubeconfig ${this.kubeconfigPath}`,
      'kind export kubeconfig',
    );
  }

  /** The backend image built and in the node, each step skipped when already done (backend-image.ts). */
  private async ensureBackendImage(engine: Engine): Promise<void> {
    await ensureBackendImage({
      sh: (env) => this.sh(env),
      engine,
      image: qualifiedImage(this.backendImage()),
      repoRoot: this.options.repoRoot,
      dir: this.dir,
      progress: this.progress,
    });
  }

  /**
   * Runs cloud-provider-kind on the kind network unless it already runs. A failure (no network to
   * pull the image, say) does not stop the cluster: only LoadBalancer Services need it, and they
   * stay <pending> without it, which lab doctor and lesson 06 explain.
   */
  private async startCloudProvider(engine: Engine): Promise<void> {
    if (engine.provider === 'podman') {
      this.progress.info(
        'cloud-provider-kind is started on Docker only; on Podman, LoadBalancer Services stay <pending> (see lab doctor)',
      );
      return;
    }
    const running = await this.sh()`docker ps -q --filter ${`name=^${CLOUD_PROVIDER_KIND_CONTAINER}$`}`;
    if (running.exitCode === 0 && running.stdout.trim()) {
      this.progress.info(`reusing the running ${CLOUD_PROVIDER_KIND_CONTAINER} container`);
      return;
    }
    await this.sh()`docker rm -f ${CLOUD_PROVIDER_KIND_CONTAINER}`;
    const run =
      await this.sh()`docker run -d --name ${CLOUD_PROVIDER_KIND_CONTAINER} --restart unless-stopped --network kind -v /var/run/docker.sock:/var/run/docker.sock ${CLOUD_PROVIDER_KIND_IMAGE}`;
    if (run.exitCode !== 0)
      this.progress.info(
        `cloud-provider-kind did not start (${lastLine(run.stderr) || 'no output'}); LoadBalancer Services will stay <pending> (see lab doctor)`,
      );
  }

  private statusOf(state: KindState, running: boolean, detail: string): RuntimeStatus {
    const url = (scheme: string, port: number, standard: number) =>
      port ? `${scheme}://127.0.0.1${port === standard ? '' : `:${port}`}` : '';
    return {
      runtime: 'kind',
      running,
      kubeconfig: this.kubeconfigPath,
      context: KIND_CONTEXT,
      http: url('http', state.httpPort, 80),
      https: url('https', state.httpsPort, 443),
      ...(state.entryNote ? { entryNote: state.entryNote } : {}),
      nodePortHost: '127.0.0.1',
      mappedNodePorts: [...LAB_NODE_PORTS],
      detail,
    };
  }
}
