import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeApiServer, startFakeApiServer } from '@workshop/kube/testing/fake-api-server.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fakeTools } from '../../test/fake-tools.ts';
import { recordingProgress } from '../../test/recording-progress.ts';
import { KindRuntime } from './driver.ts';
import { CLOUD_PROVIDER_KIND_IMAGE, KIND_NODE_IMAGE } from './versions.ts';

let api: FakeApiServer;
let repoRoot: string;
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
  mkdirSync(join(repoRoot, 'apps/backend'), { recursive: true });
  writeFileSync(join(repoRoot, 'apps/backend/package.json'), '{"version":"0.1.0"}');
  writeFileSync(join(repoRoot, 'apps/backend/Dockerfile'), 'FROM node:20-alpine\n');
  cleanup.push(repoRoot);
});
afterEach(async () => {
  await api.close();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup(env: Record<string, string> = {}, tools?: string[]) {
  const fake = fakeTools({ env: { FAKE_KUBECONFIG: api.kubeconfigPath, ...env }, tools });
  cleanup.push(fake.dir);
  const lines: string[] = [];
  const ports = { httpPort: await freePort(), httpsPort: await freePort() };
  const runtime = new KindRuntime({
    repoRoot,
    env: fake.env,
    ...ports,
    progress: recordingProgress(lines),
  });
  return { runtime, fake, lines, ports };
}

describe('KindRuntime (contract with fake docker and kind)', () => {
  it('creates the cluster from a generated config, builds and loads the backend, installs Traefik', async () => {
    const { runtime, fake, ports } = await setup();
    const status = await runtime.up();
    const configPath = join(repoRoot, '.workshop/kind/kind-config.yaml');
    expect(fake.calls()).toEqual([
      'docker info --format {{.ServerVersion}}',
      'kind version',
      'kind get clusters',
      `kind create cluster --name workshop --config ${configPath} --wait 120s`,
      'kind get kubeconfig --name workshop',
      'docker build -t workshop/backend:0.1.0 -f apps/backend/Dockerfile .',
      'kind load docker-image workshop/backend:0.1.0 --name workshop',
      'docker ps -q --filter name=^workshop-cloud-provider-kind$',
      'docker rm -f workshop-cloud-provider-kind',
      `docker run -d --name workshop-cloud-provider-kind --restart unless-stopped --network kind -v /var/run/docker.sock:/var/run/docker.sock ${CLOUD_PROVIDER_KIND_IMAGE}`,
    ]);
    const config = parse(readFileSync(join(fake.state, 'kind-config.yaml'), 'utf8'));
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
    expect(api.objects.has('apiextensions.k8s.io/v1/customresourcedefinitions//middlewares.traefik.io')).toBe(
      true,
    );
    expect(api.objects.has('apps/v1/deployments/traefik/traefik')).toBe(true);
  });

  it('reuses an existing cluster instead of creating it again', async () => {
    const { runtime, fake, lines } = await setup();
    writeFileSync(join(fake.state, 'clusters'), 'workshop\n');
    await runtime.up();
    expect(fake.calls().some((c) => c.startsWith('kind create'))).toBe(false);
    expect(lines).toContain('reusing the kind cluster "workshop"');
  });

  it('starts cloud-provider-kind once: a second up reuses the running container, down removes it', async () => {
    const { runtime, fake, lines } = await setup();
    await runtime.up();
    await runtime.up();
    expect(fake.calls().filter((c) => c.startsWith('docker run'))).toHaveLength(1);
    expect(lines).toContain('reusing the running workshop-cloud-provider-kind container');
    await runtime.down();
    expect(fake.calls().at(-1)).toBe('docker rm -f workshop-cloud-provider-kind');
    expect(existsSync(join(fake.state, 'containers/workshop-cloud-provider-kind'))).toBe(false);
  });

  it('still brings the cluster up when cloud-provider-kind cannot start, and says what that means', async () => {
    const { runtime, lines } = await setup({ FAKE_DOCKER_RUN_FAILS: '1' });
    expect((await runtime.up()).running).toBe(true);
    expect(lines).toContain(
      'cloud-provider-kind did not start (docker: Error response from daemon: pull access denied); LoadBalancer Services will stay <pending> (see lab doctor)',
    );
  });

  it('falls back to docker save and kind load image-archive when kind load docker-image fails', async () => {
    const { runtime, fake } = await setup({ FAKE_KIND_LOAD_FAILS: '1' });
    await runtime.up();
    const archive = join(repoRoot, '.workshop/kind/workshop_backend_0.1.0.tar');
    expect(fake.calls().slice(-6, -3)).toEqual([
      'kind load docker-image workshop/backend:0.1.0 --name workshop',
      `docker save -o ${archive} workshop/backend:0.1.0`,
      `kind load image-archive ${archive} --name workshop`,
    ]);
  });

  it('deletes the cluster, and deleting twice is fine', async () => {
    const { runtime, fake } = await setup();
    await runtime.up();
    await runtime.down();
    await runtime.down();
    expect(fake.calls().filter((c) => c.startsWith('kind delete'))).toEqual([
      'kind delete cluster --name workshop',
      'kind delete cluster --name workshop',
    ]);
    expect((await runtime.status()).running).toBe(false);
  });

  it('stops early with a fix when the Docker daemon does not answer', async () => {
    const { runtime } = await setup({ FAKE_DOCKER: 'down' });
    const error = await runtime.up().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Docker is installed but its daemon does not answer (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?); start Docker or use --runtime sim (see lab doctor)',
    );
    expect((error as { environment: boolean }).environment).toBe(true);
  });

  it('says kind is missing when only docker is installed', async () => {
    const { runtime } = await setup({}, ['docker']);
    await expect(runtime.up()).rejects.toThrow(/^kind is not installed; install it/);
  });

  it('names the taken host port and the flag that moves it', async () => {
    const { runtime, ports } = await setup();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(ports.httpPort, '127.0.0.1', r));
    try {
      await expect(runtime.up()).rejects.toThrow(
        new RegExp(
          `^port ${ports.httpPort} on 127\\.0\\.0\\.1 is already in use( by .*)?; stop it or pass --http-port to choose another`,
        ),
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
