import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeApiServer, startFakeApiServer } from '@workshop/kube/testing/fake-api-server.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { fakeTools } from '../../test/fake-tools.ts';
import { recordingProgress } from '../../test/recording-progress.ts';
import { nonRootUser, type SimulatedPortState, simulatePorts } from '../../test/simulated-ports.ts';
import { KindRuntime } from './driver.ts';
import { CLOUD_PROVIDER_KIND_IMAGE, KIND_NODE_IMAGE } from './versions.ts';

// Each `up` runs a dozen fake executables; several in a row take a while on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

let api: FakeApiServer;
let repoRoot: string;
let restorePorts: (() => void) | undefined;
const cleanup: string[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

beforeEach(async () => {
  api = await startFakeApiServer({ autoReady: true, context: 'kind-workshop' });
  repoRoot = mkdtempSync(join(tmpdir(), 'kind-repo-'));
  mkdirSync(join(repoRoot, 'apps/backend/src'), { recursive: true });
  writeFileSync(join(repoRoot, 'apps/backend/package.json'), '{"version":"0.1.0"}');
  writeFileSync(join(repoRoot, 'apps/backend/Dockerfile'), 'FROM node:20-alpine\n');
  writeFileSync(
    join(repoRoot, 'apps/backend/Dockerfile.dockerignore'),
    '*\n!apps/backend/package.json\n!apps/backend/src\napps/backend/src/**/*.test.ts\n',
  );
  writeFileSync(join(repoRoot, 'apps/backend/src/index.ts'), 'console.log("hello");\n');
  cleanup.push(repoRoot);
  // The machine of a learner who is not root: ports below 1024 answer EACCES; the labs' NodePorts
  // are free (whatever else runs on this machine).
  restorePorts = simulatePorts(nonRootUser);
});
afterEach(async () => {
  restorePorts?.();
  await api.close();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface SetupOptions {
  env?: Record<string, string>;
  tools?: string[];
  /** Entry ports passed as --http-port/--https-port; `free` picks two free high ports. */
  ports?: 'free' | { httpPort?: number; httpsPort?: number };
}

async function setup(options: SetupOptions = {}) {
  const fake = fakeTools({
    env: { FAKE_KUBECONFIG: api.kubeconfigPath, ...options.env },
    tools: options.tools,
  });
  cleanup.push(fake.dir);
  const lines: string[] = [];
  const ports =
    options.ports === 'free'
      ? { httpPort: await freePort(), httpsPort: await freePort() }
      : (options.ports ?? {});
  const make = (more: { httpPort?: number; httpsPort?: number } = ports) =>
    new KindRuntime({ repoRoot, env: fake.env, ...more, progress: recordingProgress(lines) });
  return { runtime: make(), make, fake, lines, ports };
}

/** The cluster's config as the fake kind received it. */
function createdConfig(state: string) {
  return parse(readFileSync(join(state, 'kind-config.yaml'), 'utf8'));
}

function entryHostPorts(state: string): number[] {
  return createdConfig(state)
    .nodes[0].extraPortMappings.slice(0, 2)
    .map((m: { hostPort: number }) => m.hostPort);
}

function replacePorts(states: (port: number) => SimulatedPortState | undefined) {
  restorePorts?.();
  restorePorts = simulatePorts(states);
}

describe('KindRuntime (contract with fake docker and kind)', () => {
  it('creates the cluster from a generated config, builds and loads the backend, installs Traefik', async () => {
    const { runtime, fake, ports } = await setup({ ports: 'free' });
    const status = await runtime.up();
    const kindDir = join(repoRoot, '.workshop/kind');
    const image = 'docker.io/workshop/backend:0.1.0';
    const archive = join(kindDir, 'docker.io_workshop_backend_0.1.0.tar');
    const calls = fake.calls().filter((c) => !c.startsWith('ss '));
    expect(calls.map((c) => c.replace(/build-hash=[0-9a-f]{64}/, 'build-hash=H'))).toEqual([
      'docker --version',
      'docker info --format {{json .}}',
      'kind version',
      'kind get clusters',
      `kind create cluster --name workshop --config ${kindDir}/kind-config.yaml --kubeconfig ${kindDir}/kubeconfig --wait 120s`,
      `kind export kubeconfig --name workshop --kubeconfig ${kindDir}/kubeconfig`,
      `docker image inspect --format {{json .Config.Labels}} ${image}`,
      `docker build --label io.workshop.build-hash=H -t ${image} -f apps/backend/Dockerfile .`,
      `docker exec workshop-control-plane crictl inspecti -o json ${image}`,
      `docker save --platform linux/amd64 -o ${archive} ${image}`,
      `kind load image-archive ${archive} --name workshop`,
      'docker ps -q --filter name=^workshop-cloud-provider-kind$',
      'docker rm -f workshop-cloud-provider-kind',
      `docker run -d --name workshop-cloud-provider-kind --restart unless-stopped --network kind -v /var/run/docker.sock:/var/run/docker.sock ${CLOUD_PROVIDER_KIND_IMAGE}`,
    ]);
    const config = createdConfig(fake.state);
    const node = config.nodes[0];
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: 'workshop' });
    expect(node.image).toBe(KIND_NODE_IMAGE);
    expect(node.extraPortMappings.slice(0, 2)).toEqual([
      { containerPort: 30080, hostPort: ports.httpPort, listenAddress: '127.0.0.1', protocol: 'TCP' },
      { containerPort: 30443, hostPort: ports.httpsPort, listenAddress: '127.0.0.1', protocol: 'TCP' },
    ]);
    expect(
      node.extraPortMappings
        .slice(2)
        .map((m: { containerPort: number; hostPort: number }) => `${m.containerPort}:${m.hostPort}`),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `${30000 + i}:${30000 + i}`));
    expect(status).toMatchObject({
      runtime: 'kind',
      running: true,
      context: 'kind-workshop',
      kubeconfig: join(repoRoot, '.workshop/kind/kubeconfig'),
      http: `http://127.0.0.1:${ports.httpPort}`,
      https: `https://127.0.0.1:${ports.httpsPort}`,
      nodePortHost: '127.0.0.1',
    });
    // The node has the image under the name the Pods' `workshop/backend:0.1.0` resolves to.
    expect(existsSync(join(fake.state, 'node-images/docker.io_workshop_backend_0.1.0'))).toBe(true);
    expect(api.objects.has('apiextensions.k8s.io/v1/customresourcedefinitions//middlewares.traefik.io')).toBe(
      true,
    );
    expect(api.objects.has('apps/v1/deployments/traefik/traefik')).toBe(true);
  });

  it('reuses an existing cluster instead of creating it again', async () => {
    const { make, fake, lines } = await setup({ ports: 'free' });
    await make().up();
    await make().up();
    expect(fake.calls().filter((c) => c.startsWith('kind create'))).toHaveLength(1);
    expect(lines).toContain('reusing the kind cluster "workshop" (Docker 28.3.3)');
  });

  it('starts cloud-provider-kind once: a second up reuses the running container, down removes it', async () => {
    const { runtime, fake, lines } = await setup({ ports: 'free' });
    await runtime.up();
    await runtime.up();
    expect(fake.calls().filter((c) => c.startsWith('docker run'))).toHaveLength(1);
    expect(lines).toContain('reusing the running workshop-cloud-provider-kind container');
    await runtime.down();
    expect(fake.calls().at(-1)).toBe('docker rm -f workshop-cloud-provider-kind');
    expect(existsSync(join(fake.state, 'containers/workshop-cloud-provider-kind'))).toBe(false);
  });

  it('still brings the cluster up when cloud-provider-kind cannot start, and says what that means', async () => {
    const { runtime, lines } = await setup({ env: { FAKE_DOCKER_RUN_FAILS: '1' }, ports: 'free' });
    expect((await runtime.up()).running).toBe(true);
    expect(lines).toContain(
      'cloud-provider-kind did not start (docker: Error response from daemon: pull access denied); LoadBalancer Services will stay <pending> (see lab doctor)',
    );
  });

  it('deletes the cluster with the workshop kubeconfig, and deleting twice is fine', async () => {
    const { runtime, fake } = await setup({ ports: 'free' });
    await runtime.up();
    await runtime.down();
    await runtime.down();
    const kubeconfig = join(repoRoot, '.workshop/kind/kubeconfig');
    expect(fake.calls().filter((c) => c.startsWith('kind delete'))).toEqual([
      `kind delete cluster --name workshop --kubeconfig ${kubeconfig}`,
      `kind delete cluster --name workshop --kubeconfig ${kubeconfig}`,
    ]);
    expect((await runtime.status()).running).toBe(false);
  });

  it('stops early with a fix when the Docker daemon does not answer', async () => {
    const { runtime } = await setup({ env: { FAKE_DOCKER: 'down' } });
    const error = await runtime.up().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Docker is installed but its daemon does not answer (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?); start Docker or use --runtime sim (see lab doctor)',
    );
    expect((error as { environment: boolean }).environment).toBe(true);
  });

  it('says kind is missing when only docker is installed', async () => {
    const { runtime } = await setup({ tools: ['docker'] });
    await expect(runtime.up()).rejects.toThrow(/^kind is not installed; install it/);
  });

  it('names the taken host port, its holder, and the flag that moves it', async () => {
    const port = await freePort();
    const { runtime } = await setup({
      ports: { httpPort: port, httpsPort: await freePort() },
      env: { FAKE_LISTENERS: `${port}=nginx/4242` },
    });
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      await expect(runtime.up()).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use by nginx (pid 4242); stop it or pass --http-port to choose another (e.g. --http-port 8080)`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

describe('KindRuntime: the findings of issue 21, each against the fakes', () => {
  it('1. a non-root user (EACCES on 80/443, nobody listening) gets 80/443, which the rootful engine publishes', async () => {
    const { runtime, fake } = await setup();
    const status = await runtime.up();
    expect(entryHostPorts(fake.state)).toEqual([80, 443]);
    expect(status).toMatchObject({ http: 'http://127.0.0.1', https: 'https://127.0.0.1' });
    expect(status.entryNote).toBeUndefined();
  });

  it('1. when 80 is really taken the rule moves to 8080/8443 and says why; named, it is "in use" with its holder', async () => {
    const { runtime, fake, lines, make } = await setup({ env: { FAKE_LISTENERS: '80=nginx/77' } });
    replacePorts((port) => (port === 8080 || port === 8443 ? 'free' : nonRootUser(port)));
    const status = await runtime.up();
    expect(entryHostPorts(fake.state)).toEqual([8080, 8443]);
    const note = 'entry points on 8080/8443: port 80: in use by nginx (pid 77)';
    expect(status).toMatchObject({
      http: 'http://127.0.0.1:8080',
      https: 'https://127.0.0.1:8443',
      entryNote: note,
    });
    expect(lines).toContain(note);
    await make().down();
    await expect(make({ httpPort: 80 }).up()).rejects.toThrow(
      'port 80 on 127.0.0.1 is already in use by nginx (pid 77); stop it or pass --http-port to choose another (e.g. --http-port 8080)',
    );
  });

  it('1. with 8080 taken as well, the next free pair (8081/8444)', async () => {
    const { runtime, fake } = await setup({ env: { FAKE_LISTENERS: '80=nginx/77 8080=java/88' } });
    replacePorts((port) =>
      port === 8080 ? 'in-use' : port === 8081 || port === 8444 || port === 8443 ? 'free' : nonRootUser(port),
    );
    const status = await runtime.up();
    expect(entryHostPorts(fake.state)).toEqual([8081, 8444]);
    expect(status.entryNote).toBe(
      'entry points on 8081/8444: port 80: in use by nginx (pid 77); port 8080: in use by java (pid 88)',
    );
  });

  it('2. rootless Docker (SecurityOptions name=rootless) cannot publish 80/443: 8080/8443 from the start', async () => {
    const { runtime, fake } = await setup({ env: { FAKE_ROOTLESS: '1', FAKE_PUBLISH_MIN: '1024' } });
    replacePorts((port) => (port === 8080 || port === 8443 ? 'free' : nonRootUser(port)));
    const status = await runtime.up();
    expect(fake.calls().filter((c) => c.startsWith('kind create'))).toHaveLength(1);
    expect(entryHostPorts(fake.state)).toEqual([8080, 8443]);
    expect(status.entryNote).toMatch(
      /^entry points on 8080\/8443: ports 80 and 443: rootless Docker cannot publish ports below \d+$/,
    );
  });

  it('2. an engine that refuses to publish 80 at create time (Docker Desktop, undetected rootless): once more on 8080/8443', async () => {
    const { runtime, fake, lines } = await setup({ env: { FAKE_PUBLISH_MIN: '1024' } });
    // This user may bind 80/443 (macOS does not reserve them), but the engine will not publish them.
    replacePorts((port) => ([80, 443, 8080, 8443].includes(port) ? 'free' : nonRootUser(port)));
    const status = await runtime.up();
    const creates = fake.calls().filter((c) => c.startsWith('kind create') || c.startsWith('kind delete'));
    expect(creates.map((c) => c.split(' --')[0])).toEqual([
      'kind create cluster',
      'kind delete cluster',
      'kind create cluster',
    ]);
    expect(entryHostPorts(fake.state)).toEqual([8080, 8443]);
    expect(status).toMatchObject({ running: true, http: 'http://127.0.0.1:8080' });
    expect(lines).toContain(
      'Docker 28.3.3 refused to publish ports 80/443 (privileged ports); creating the cluster with the next free pair instead',
    );
  });

  it('4. Podman alone on PATH: podman info/build/save, kind told the provider, the image under the name Pods ask for', async () => {
    const { runtime, fake } = await setup({ tools: ['podman', 'kind'], env: { FAKE_ROOTLESS: '1' } });
    replacePorts((port) => (port === 8080 || port === 8443 ? 'free' : nonRootUser(port)));
    const status = await runtime.up();
    const calls = fake.calls().filter((c) => !c.startsWith('ss '));
    expect(calls).toContain('podman info --format json');
    expect(
      calls.some((c) =>
        /^podman build --label io\.workshop\.build-hash=[0-9a-f]{64} -t docker\.io\/workshop\/backend:0\.1\.0 /.test(
          c,
        ),
      ),
    ).toBe(true);
    expect(calls.some((c) => c.startsWith('podman save --format docker-archive -o '))).toBe(true);
    expect(
      calls.filter((c) => c.includes('kind ') && !c.startsWith('KIND_EXPERIMENTAL_PROVIDER=podman ')),
    ).toEqual([]);
    expect(calls.some((c) => c.startsWith('docker '))).toBe(false);
    // Pods asking for workshop/backend:0.1.0 resolve docker.io/workshop/backend:0.1.0, not localhost/….
    expect(existsSync(join(fake.state, 'node-images/docker.io_workshop_backend_0.1.0'))).toBe(true);
    expect(status).toMatchObject({ running: true, http: 'http://127.0.0.1:8080' });
    expect(status.detail).toBe('kind cluster "workshop" on rootless Podman 5.4.0');
  });

  it('4. KIND_EXPERIMENTAL_PROVIDER=podman wins over an installed docker', async () => {
    const { runtime, fake } = await setup({
      tools: ['docker', 'podman', 'kind'],
      env: { KIND_EXPERIMENTAL_PROVIDER: 'podman' },
    });
    await runtime.up();
    expect(fake.calls().some((c) => c.startsWith('docker '))).toBe(false);
    expect(fake.calls()).toContain('podman info --format json');
  });

  it("5. Docker's containerd image store: a platform-specific save, then kind load image-archive", async () => {
    const { runtime, fake } = await setup({
      env: { FAKE_CONTAINERD_STORE: '1', FAKE_ARCH: 'aarch64' },
      ports: 'free',
    });
    expect((await runtime.up()).running).toBe(true);
    const archive = join(repoRoot, '.workshop/kind/docker.io_workshop_backend_0.1.0.tar');
    expect(fake.calls()).toContain(
      `docker save --platform linux/arm64 -o ${archive} docker.io/workshop/backend:0.1.0`,
    );
    expect(fake.calls()).toContain(`kind load image-archive ${archive} --name workshop`);
    expect(existsSync(join(fake.state, 'node-images/docker.io_workshop_backend_0.1.0'))).toBe(true);
    expect(existsSync(archive)).toBe(false);
  });

  it("6. a read-only ~/.kube/config is never written: the cluster's kubeconfig is the workshop's own file", async () => {
    const fakeHome = mkdtempSync(join(tmpdir(), 'kind-home-'));
    cleanup.push(fakeHome);
    const userConfig = join(fakeHome, '.kube/config');
    mkdirSync(join(fakeHome, '.kube'));
    writeFileSync(userConfig, 'apiVersion: v1\nkind: Config\ncurrent-context: work\n');
    chmodSync(userConfig, 0o444);
    const { runtime, make } = await setup({
      env: { HOME: fakeHome, FAKE_READONLY_KUBECONFIG: userConfig },
      ports: 'free',
    });
    const status = await runtime.up();
    expect(status.kubeconfig).toBe(join(repoRoot, '.workshop/kind/kubeconfig'));
    expect(readFileSync(status.kubeconfig, 'utf8')).toBe(readFileSync(api.kubeconfigPath, 'utf8'));
    expect(readFileSync(userConfig, 'utf8')).toBe('apiVersion: v1\nkind: Config\ncurrent-context: work\n');
    await make().down();
    expect(readFileSync(userConfig, 'utf8')).toBe('apiVersion: v1\nkind: Config\ncurrent-context: work\n');
  });

  it('7. lab doctor compares kind with the pinned version: see scripts/src/doctor/checks.test.ts; up says it too', async () => {
    const { runtime, lines } = await setup({ env: { FAKE_KIND_VERSION: 'v0.29.0' }, ports: 'free' });
    await runtime.up();
    expect(lines).toContain(
      'kind v0.29.0 is installed; the workshop pins kind v0.30.0 for its node image kindest/node:v1.33.4 (node images are not guaranteed across kind releases; see lab doctor)',
    );
  });

  it('8. an unchanged image is neither rebuilt nor reloaded, and unchanged Traefik manifests are not re-applied', async () => {
    const { make, fake, lines } = await setup({ ports: 'free' });
    await make().up();
    const before = fake.calls().length;
    const applies = api.requests.filter((r) => r.startsWith('PATCH')).length;
    lines.length = 0;
    await make().up();
    const second = fake.calls().slice(before);
    expect(second.some((c) => / build /.test(` ${c} `))).toBe(false);
    expect(second.some((c) => c.startsWith('kind load') || c.startsWith('docker save'))).toBe(false);
    expect(api.requests.filter((r) => r.startsWith('PATCH')).length).toBe(applies);
    expect(lines).toContain(
      'docker.io/workshop/backend:0.1.0 is built from the current sources; not rebuilding it',
    );
    expect(lines).toContain('the node already has docker.io/workshop/backend:0.1.0; not loading it again');
    expect(lines).toContain('Traefik v3.7.9 is installed from the same manifests; not applying them again');

    // A changed source is rebuilt and reloaded; a changed test file is not part of the image.
    writeFileSync(join(repoRoot, 'apps/backend/src/index.test.ts'), 'it("x", () => {});\n');
    const mark = fake.calls().length;
    await make().up();
    expect(
      fake
        .calls()
        .slice(mark)
        .some((c) => c.startsWith('docker build')),
    ).toBe(false);
    writeFileSync(join(repoRoot, 'apps/backend/src/index.ts'), 'console.log("changed");\n');
    const mark2 = fake.calls().length;
    await make().up();
    const third = fake.calls().slice(mark2);
    expect(third.some((c) => c.startsWith('docker build'))).toBe(true);
    expect(third.some((c) => c.startsWith('kind load image-archive'))).toBe(true);
  });

  it('9. a stopped node container is started (and status says it is stopped), not reused as is', async () => {
    const { make, fake, lines } = await setup({ ports: 'free' });
    await make().up();
    writeFileSync(join(fake.state, 'nodes/workshop-control-plane'), 'false\n');
    const status = await make().status();
    expect(status).toMatchObject({
      running: false,
      detail:
        'the node container workshop-control-plane is stopped; npx lab cluster up --runtime kind starts it',
    });
    lines.length = 0;
    expect((await make().up()).running).toBe(true);
    expect(fake.calls()).toContain('docker start workshop-control-plane');
    expect(lines).toContain('Starting the stopped node container workshop-control-plane');
  });

  it('9. with .workshop/ deleted while the cluster runs, the entry ports come from the node, not from defaults', async () => {
    const first = await freePort();
    const second = await freePort();
    const { make } = await setup({ ports: { httpPort: first, httpsPort: second } });
    await make().up();
    rmSync(join(repoRoot, '.workshop'), { recursive: true, force: true });
    const status = await make({}).status();
    expect(status).toMatchObject({
      running: true,
      http: `http://127.0.0.1:${first}`,
      https: `https://127.0.0.1:${second}`,
    });
    expect(existsSync(join(repoRoot, '.workshop/kind/kubeconfig'))).toBe(true);
    const again = await make({}).up();
    expect(again).toMatchObject({ http: `http://127.0.0.1:${first}`, https: `https://127.0.0.1:${second}` });
  });
});
