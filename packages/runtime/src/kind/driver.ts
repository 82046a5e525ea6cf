// The `kind` runtime: a real Kubernetes cluster in Docker. Creation is a list of small named steps
// (check tools, create or reuse the cluster, export its kubeconfig, build and load the backend image,
// install Traefik, start cloud-provider-kind), each shown as a progress line; delete is idempotent.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient } from '@workshop/kube';
import { $ } from 'zx';
import { environmentError, RuntimeError } from '../errors.ts';
import { readJson, workshopDir, writeJson } from '../paths.ts';
import { isPortFree, portHolder } from '../ports.ts';
import { type Progress, silentProgress } from '../progress.ts';
import { installTraefik } from '../traefik.ts';
import {
  type ClusterRuntime,
  type RuntimeOptions,
  type RuntimeStatus,
  WORKSHOP_NAMESPACE_LABELS,
} from '../types.ts';
import { kindConfigYaml } from './config.ts';
import {
  CLOUD_PROVIDER_KIND_CONTAINER,
  CLOUD_PROVIDER_KIND_IMAGE,
  KIND_CLUSTER_NAME,
  KIND_CONTEXT,
  KIND_NODE_IMAGE,
  LAB_NODE_PORTS,
} from './versions.ts';

interface KindState {
  httpPort: number;
  httpsPort: number;
  nodeImage: string;
  createdAt: string;
}

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

  /** zx with our env and cwd; results are checked with `must` so failures read as one line. */
  private get sh() {
    return $({ quiet: true, nothrow: true, env: this.env, cwd: this.options.repoRoot });
  }

  async up(): Promise<RuntimeStatus> {
    await this.progress.step('Checking Docker and kind', () => this.preflight());
    let state = readJson<KindState>(this.statePath);
    if (await this.clusterExists()) {
      this.progress.info(`reusing the kind cluster "${KIND_CLUSTER_NAME}"`);
      state ??= {
        httpPort: this.options.httpPort ?? 80,
        httpsPort: this.options.httpsPort ?? 443,
        nodeImage: KIND_NODE_IMAGE,
        createdAt: '',
      };
    } else {
      const ports = { httpPort: this.options.httpPort ?? 80, httpsPort: this.options.httpsPort ?? 443 };
      await this.progress.step('Checking that the host ports are free', () => this.checkPorts(ports));
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(this.configPath, kindConfigYaml({ ...ports }));
      await this.progress.step(
        `Creating kind cluster "${KIND_CLUSTER_NAME}" (${KIND_NODE_IMAGE.split('@')[0]})`,
        async () => {
          must(
            await this
              .sh`kind create cluster --name ${KIND_CLUSTER_NAME} --config ${this.configPath} --wait 120s`,
            'kind create cluster',
          );
        },
      );
      state = { ...ports, nodeImage: KIND_NODE_IMAGE, createdAt: new Date().toISOString() };
      writeJson(this.statePath, state);
    }
    await this.writeKubeconfig();
    await this.progress.step(`Building image ${this.backendImage()}`, () => this.buildBackend());
    await this.progress.step(`Loading ${this.backendImage()} into the cluster`, () =>
      this.loadImage(this.backendImage()),
    );
    const kube = await KubeClient.fromKubeconfig({
      kubeconfigPath: this.kubeconfigPath,
      context: KIND_CONTEXT,
    });
    await installTraefik(kube, { progress: this.progress, crds: true, timeoutMs: this.options.timeoutMs });
    await this.progress.step('Starting cloud-provider-kind (the LoadBalancer provider)', () =>
      this.startCloudProvider(),
    );
    return this.statusOf(
      state,
      true,
      `kind cluster "${KIND_CLUSTER_NAME}" (${state.nodeImage.split('@')[0]})`,
    );
  }

  async down(): Promise<void> {
    await this.progress.step(`Deleting kind cluster "${KIND_CLUSTER_NAME}"`, async () => {
      // `kind delete cluster` succeeds when the cluster does not exist, so down twice is fine.
      must(await this.sh`kind delete cluster --name ${KIND_CLUSTER_NAME}`, 'kind delete cluster');
      // The provider has nothing to watch without the cluster; removing a missing one is fine.
      await this.sh`docker rm -f ${CLOUD_PROVIDER_KIND_CONTAINER}`;
    });
    rmSync(this.statePath, { force: true });
    rmSync(this.kubeconfigPath, { force: true });
  }

  async status(): Promise<RuntimeStatus> {
    const state = readJson<KindState>(this.statePath) ?? {
      httpPort: 80,
      httpsPort: 443,
      nodeImage: KIND_NODE_IMAGE,
      createdAt: '',
    };
    const docker = await $({
      nothrow: true,
      quiet: true,
      env: this.env,
      timeout: 10_000,
    })`docker info --format ${'{{.ServerVersion}}'}`;
    if (docker.exitCode !== 0) return this.statusOf(state, false, 'Docker is not answering (see lab doctor)');
    const exists = await this.clusterExists();
    if (exists && !existsSync(this.kubeconfigPath)) await this.writeKubeconfig();
    return this.statusOf(state, exists, exists ? `kind cluster "${KIND_CLUSTER_NAME}"` : 'not running');
  }

  async client(): Promise<KubeClient> {
    if (!existsSync(this.kubeconfigPath)) {
      if (!(await this.clusterExists())) {
        throw environmentError(
          'the kind cluster is not running; start it with: npx lab cluster up --runtime kind',
        );
      }
      await this.writeKubeconfig();
    }
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

  backendImage(): string {
    const pkg = JSON.parse(
      readFileSync(join(this.options.repoRoot, 'apps/backend/package.json'), 'utf8'),
    ) as { version: string };
    return `workshop/backend:${pkg.version}`;
  }

  private async preflight(): Promise<void> {
    const run = $({ nothrow: true, quiet: true, env: this.env, timeout: 20_000 });
    const docker = await run`docker info --format ${'{{.ServerVersion}}'}`;
    if (docker.exitCode !== 0) {
      const missing = docker.exitCode === 127;
      throw environmentError(
        missing
          ? 'docker is not installed, and the kind runtime needs it; install Docker or use --runtime sim (see lab doctor)'
          : `Docker is installed but its daemon does not answer (${firstLine(docker.stderr)}); start Docker or use --runtime sim (see lab doctor)`,
      );
    }
    const kind = await run`kind version`;
    if (kind.exitCode !== 0) {
      throw environmentError(
        'kind is not installed; install it (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) or use --runtime sim',
      );
    }
  }

  private async clusterExists(): Promise<boolean> {
    const result = await $({ nothrow: true, quiet: true, env: this.env })`kind get clusters`;
    return (
      result.exitCode === 0 &&
      result.stdout
        .split('\n')
        .map((l) => l.trim())
        .includes(KIND_CLUSTER_NAME)
    );
  }

  private async checkPorts(ports: { httpPort: number; httpsPort: number }): Promise<void> {
    const wanted: Array<[number, string]> = [
      [ports.httpPort, '--http-port'],
      [ports.httpsPort, '--https-port'],
      ...LAB_NODE_PORTS.map((p): [number, string] => [p, '']),
    ];
    for (const [port, flag] of wanted) {
      if (await isPortFree(port, '127.0.0.1')) continue;
      const holder = await portHolder(port, this.env);
      const fix = flag
        ? `stop it or pass ${flag} to choose another (e.g. ${flag} ${port === ports.httpPort ? 8080 : 8443})`
        : 'stop it; the labs need ports 30000-30009';
      throw environmentError(
        `port ${port} on 127.0.0.1 is already in use${holder ? ` by ${holder}` : ''}; ${fix}`,
      );
    }
  }

  /**
   * Runs cloud-provider-kind on the kind network unless it already runs. A failure (no network to
   * pull the image, say) does not stop the cluster: only LoadBalancer Services need it, and they
   * stay <pending> without it, which lab doctor and lesson 06 explain.
   */
  private async startCloudProvider(): Promise<void> {
    const running = await this.sh`docker ps -q --filter ${`name=^${CLOUD_PROVIDER_KIND_CONTAINER}$`}`;
    if (running.exitCode === 0 && running.stdout.trim()) {
      this.progress.info(`reusing the running ${CLOUD_PROVIDER_KIND_CONTAINER} container`);
      return;
    }
    await this.sh`docker rm -f ${CLOUD_PROVIDER_KIND_CONTAINER}`;
    const run = await this
      .sh`docker run -d --name ${CLOUD_PROVIDER_KIND_CONTAINER} --restart unless-stopped --network kind -v /var/run/docker.sock:/var/run/docker.sock ${CLOUD_PROVIDER_KIND_IMAGE}`;
    if (run.exitCode !== 0)
      this.progress.info(
        `cloud-provider-kind did not start (${lastLine(run.stderr) || 'no output'}); LoadBalancer Services will stay <pending> (see lab doctor)`,
      );
  }

  private async writeKubeconfig(): Promise<void> {
    const result = must(
      await this.sh`kind get kubeconfig --name ${KIND_CLUSTER_NAME}`,
      'kind get kubeconfig',
    );
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.kubeconfigPath, result.stdout, { mode: 0o600 });
  }

  private async buildBackend(): Promise<void> {
    const dockerfile = join(this.options.repoRoot, 'apps/backend/Dockerfile');
    if (!existsSync(dockerfile))
      throw new RuntimeError(`${dockerfile} does not exist; the backend image cannot be built`);
    must(await this.sh`docker build -t ${this.backendImage()} -f apps/backend/Dockerfile .`, 'docker build');
  }

  /** `kind load docker-image`, or `docker save` + `kind load image-archive` where the former breaks (containerd image store). */
  private async loadImage(image: string): Promise<void> {
    const direct = await this.sh`kind load docker-image ${image} --name ${KIND_CLUSTER_NAME}`;
    if (direct.exitCode === 0) return;
    this.progress.info(
      `kind load docker-image failed (${firstLine(direct.stderr)}); loading through an image archive instead`,
    );
    const archive = join(this.dir, `${image.replace(/[/:]/g, '_')}.tar`);
    try {
      must(await this.sh`docker save -o ${archive} ${image}`, 'docker save');
      must(
        await this.sh`kind load image-archive ${archive} --name ${KIND_CLUSTER_NAME}`,
        'kind load image-archive',
      );
    } finally {
      rmSync(archive, { force: true });
    }
  }

  private statusOf(state: KindState, running: boolean, detail: string): RuntimeStatus {
    return {
      runtime: 'kind',
      running,
      kubeconfig: this.kubeconfigPath,
      context: KIND_CONTEXT,
      http: `http://127.0.0.1${state.httpPort === 80 ? '' : `:${state.httpPort}`}`,
      https: `https://127.0.0.1${state.httpsPort === 443 ? '' : `:${state.httpsPort}`}`,
      nodePortHost: '127.0.0.1',
      mappedNodePorts: [...LAB_NODE_PORTS],
      detail,
    };
  }
}

/** Turns a failed command into one line: what ran, its exit code and the last thing it said. */
function must<T extends { exitCode: number | null; stderr: string; stdout: string }>(
  result: T,
  what: string,
): T {
  if (result.exitCode === 0) return result;
  const said = lastLine(result.stderr) || lastLine(result.stdout) || 'no output';
  throw new RuntimeError(`${what} failed (exit ${result.exitCode}): ${said}`);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
