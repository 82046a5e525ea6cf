import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nonRootUser, simulatePorts } from '../../../packages/runtime/test/simulated-ports.ts';
import { fakePath } from '../../test/fake-path.ts';
import {
  cloudProviderKindCheck,
  type DoctorOptions,
  dockerChecks,
  entryPortsCheck,
  kindCheck,
  nodeCheck,
  podmanCheck,
  portCheck,
} from './checks.ts';
import { formatReport, runDoctor } from './report.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function options(
  tools: Array<'docker' | 'podman' | 'kind' | 'kubectl' | 'ss'>,
  env: Record<string, string> = {},
  platform: DoctorOptions['platform'] = 'linux',
): DoctorOptions {
  const fake = fakePath(tools, env);
  dirs.push(fake.dir);
  return { env: fake.env, platform, nodeVersion: '20.20.2', ports: [] };
}

describe('doctor checks', () => {
  it('says Docker is missing, with the install fix for each OS', async () => {
    const [linux] = await dockerChecks(options(['kind', 'kubectl']));
    expect(linux).toMatchObject({
      ok: false,
      found: 'docker is not installed',
      link: 'https://docs.docker.com/engine/install/',
    });
    expect(linux?.fix).toMatch(/^install Docker Engine/);
    const [mac] = await dockerChecks(options(['kind'], {}, 'darwin'));
    expect(mac?.fix).toMatch(/Docker Desktop/);
  });

  it('tells a stopped Docker daemon apart from a missing client', async () => {
    const [check] = await dockerChecks(options(['docker'], { FAKE_DOCKER: 'down' }));
    expect(check?.ok).toBe(false);
    expect(check?.found).toMatch(
      /is installed but the daemon does not answer \(Cannot connect to the Docker daemon/,
    );
    expect(check?.fix).toBe('start the daemon: sudo systemctl start docker');
  });

  it('reports a working Docker with its version', async () => {
    expect(await dockerChecks(options(['docker']))).toEqual([
      { name: 'Docker', ok: true, found: 'Docker 28.3.3 (daemon answering)' },
    ]);
  });

  it('says cloud-provider-kind is not running and how to start it, and says nothing without Docker', async () => {
    const check = await cloudProviderKindCheck(options(['docker']));
    expect(check).toMatchObject({ ok: false, link: 'https://kind.sigs.k8s.io/docs/user/loadbalancer/' });
    expect(check?.found).toContain('keeps EXTERNAL-IP <pending>');
    expect(check?.fix).toMatch(
      /^npx lab cluster up --runtime kind starts it; by hand: docker run -d --name workshop-cloud-provider-kind --network kind /,
    );
    expect(await cloudProviderKindCheck(options(['docker'], { FAKE_DOCKER: 'down' }))).toBeUndefined();
    expect(await cloudProviderKindCheck(options(['kind']))).toBeUndefined();
  });

  it('reports a running cloud-provider-kind container', async () => {
    const opts = options(['docker']);
    const containers = join(opts.env.FAKE_STATE ?? '', 'containers');
    mkdirSync(containers);
    writeFileSync(join(containers, 'workshop-cloud-provider-kind'), 'c0ffee\n');
    expect(await cloudProviderKindCheck(opts)).toMatchObject({ ok: true, name: 'cloud-provider-kind' });
  });

  it('says kind is missing, with the pinned download for Linux', async () => {
    const check = await kindCheck(options(['docker']));
    expect(check).toMatchObject({
      ok: false,
      found: 'kind is not installed',
      link: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
    });
    expect(check.fix).toContain('https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-amd64');
  });

  it('says Node is too old and how to update it', () => {
    expect(nodeCheck('18.19.1', 'linux')).toMatchObject({
      ok: false,
      found: 'Node.js 18.19.1 (needs ≥ 20.19.0)',
      fix: 'install Node 20 LTS or newer, e.g. with nvm: nvm install 20 && nvm use 20',
    });
    expect(nodeCheck('20.18.3', 'linux').ok).toBe(false);
    expect(nodeCheck('v22.1.0', 'linux').ok).toBe(true);
  });

  it('names the program holding the HTTP port and the flag that moves the entry point', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const check = await portCheck(port, {
        ...options([]),
        env: process.env,
        entryPorts: { http: port, https: 443 },
      });
      expect(check.ok).toBe(false);
      expect(check.found).toMatch(
        new RegExp(`^port ${port} on 127\\.0\\.0\\.1 is already in use by node \\(pid ${process.pid}\\)$`),
      );
      expect(check.fix).toBe(
        `nothing to do unless you want ${port}: lab cluster up then takes the next free pair (8080/8443, …) and prints the URLs; or stop that program, or name the port: npx lab cluster up --http-port 8080`,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("does not count a port held by the workshop's own running cluster as a problem", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const check = await portCheck(port, { ...options([]), env: process.env, workshopPids: [process.pid] });
      expect(check).toEqual({
        name: `port ${port}`,
        ok: true,
        found: `port ${port} on 127.0.0.1 is held by the workshop's own running cluster (pid ${process.pid})`,
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('doctor: kind version, architecture, rootless engines and Podman (issue 21)', () => {
  it('compares kind with the pinned version and names the node image the pin implies', async () => {
    const pinned = await kindCheck(options(['kind']));
    expect(pinned).toMatchObject({ ok: true });
    expect(pinned.found).toBe(
      'kind v0.30.0 go1.24.6 linux/amd64 (the pinned v0.30.0; node image kindest/node:v1.33.4)',
    );
    const other = await kindCheck({ ...options(['kind'], { FAKE_KIND_VERSION: 'v0.29.0' }), arch: 'arm64' });
    expect(other.found).toBe(
      'kind v0.29.0 is installed; the workshop pins kind v0.30.0, whose node image is kindest/node:v1.33.4 (node images are not guaranteed across kind releases)',
    );
    expect(other.fix).toBe(
      'install kind v0.30.0: curl -Lo ./kind https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-arm64 && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind',
    );
  });

  it("downloads kind for the machine's architecture", async () => {
    const arm = await kindCheck({ ...options(['docker']), arch: 'arm64' });
    expect(arm.fix).toContain('https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-arm64');
    const intel = await kindCheck({ ...options(['docker']), arch: 'x64' });
    expect(intel.fix).toContain('https://kind.sigs.k8s.io/dl/v0.30.0/kind-linux-amd64');
    const mac = await kindCheck({ ...options(['docker'], {}, 'darwin'), arch: 'arm64' });
    expect(mac.fix).toContain('kind-darwin-arm64');
  });

  it('says which entry ports each runtime uses for a non-root user: sim 8080/8443, kind on rootful Docker 80/443', async () => {
    const restore = simulatePorts((port) => (port === 8080 || port === 8443 ? 'free' : nonRootUser(port)));
    try {
      const check = await entryPortsCheck(options(['docker', 'ss']));
      expect(check.found).toBe(
        'entry ports: the sim uses 8080/8443 (ports 80 and 443: this user may not bind ports below 1024); kind on Docker uses 80/443; lab cluster up prints the URLs',
      );
    } finally {
      restore();
    }
  });

  it("rootless Docker: kind's entry points are 8080/8443, with the sysctl fix from kind's rootless guide", async () => {
    const restore = simulatePorts((port) => (port === 8080 || port === 8443 ? 'free' : nonRootUser(port)));
    try {
      const check = await entryPortsCheck({
        ...options(['docker', 'ss'], { FAKE_ROOTLESS: '1' }),
        unprivilegedPortStart: 1024,
      });
      expect(check.found).toContain(
        'kind on rootless Docker uses 8080/8443 (ports 80 and 443: rootless Docker cannot publish ports below 1024)',
      );
      expect(check.fix).toMatch(/net\.ipv4\.ip_unprivileged_port_start=80/);
      expect(check.link).toBe('https://kind.sigs.k8s.io/docs/user/rootless/');
    } finally {
      restore();
    }
  });

  it('Podman without docker: reported as the engine kind uses, and the doctor says kind can run', async () => {
    const check = await podmanCheck(options(['podman', 'kind']));
    expect(check).toMatchObject({ name: 'Podman', ok: true });
    expect(check?.found).toMatch(/^Podman .* answers; kind uses it \(no docker installed\)/);
    expect(await podmanCheck(options(['docker', 'podman']))).toBeUndefined();
    const asked = await podmanCheck(options(['docker', 'podman'], { KIND_EXPERIMENTAL_PROVIDER: 'podman' }));
    expect(asked?.found).toContain('(KIND_EXPERIMENTAL_PROVIDER=podman)');
    const report = await runDoctor(options(['podman', 'kind', 'kubectl']));
    expect(report.runtimes.kind).toBe(true);
    expect(report.checks.map((c) => c.name)).not.toContain('Docker');
  });
});

describe('runDoctor', () => {
  it('says the sim can run when Docker cannot, and when kind was asked for, what stops it', async () => {
    const report = await runDoctor(options(['kind', 'kubectl']));
    expect(report.runtimes).toEqual({ kind: false, sim: true });
    expect(report.chosen).toBe('sim');
    expect(report.verdict).toBe(
      'The embedded cluster (sim) runs here, and the lab command picks it by itself: npx lab start 01. kind is optional; it needs Docker first (see above).',
    );
    const asked = await runDoctor({ ...options(['kind', 'kubectl']), chosen: 'kind' });
    expect(asked.verdict).toMatch(
      /^kind cannot run here \(Docker: the fix is above\), but the embedded cluster can/,
    );
  });

  it('shows what only kind needs as optional, without a ✗, when the sim is the runtime in use', async () => {
    const paint = { ok: (s: string) => s, bad: (s: string) => s, dim: (s: string) => s };
    const sim = formatReport(await runDoctor(options(['kubectl'])), paint);
    expect(sim).toMatch(/^ For the embedded cluster \(sim\), in use here:\n ✓ Node\.js/);
    const [needed, optional] = sim.split(
      ' Only for the kind runtime (optional; npx lab cluster up --runtime kind):',
    );
    expect(needed).not.toContain('✗');
    expect(optional).toMatch(/\n - docker is not installed\n {5}to use kind: /);
    expect(optional).toMatch(/\n - kind is not installed\n {5}to use kind: /);
    expect(optional).not.toContain('✗');
    // Asked for kind, the same findings are the ✗ they are for that runtime.
    const kind = formatReport(await runDoctor({ ...options(['kubectl']), chosen: 'kind' }), paint);
    expect(kind).toMatch(/^ ✗ docker is not installed$/m);
    expect(kind).not.toContain('optional');
  });

  it('says nothing can run when Node is too old', async () => {
    const report = await runDoctor({ ...options(['docker', 'kind', 'kubectl']), nodeVersion: '18.0.0' });
    expect(report.runtimes).toEqual({ kind: false, sim: false });
    expect(report.verdict).toBe('No runtime can run here: update Node.js first (see above).');
  });

  it('says kind can run when Docker and kind answer', async () => {
    const report = await runDoctor(options(['docker', 'kind', 'kubectl']));
    expect(report.runtimes.kind).toBe(true);
    // No cluster is up, so its LoadBalancer provider is not running: said, but kind can still run.
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['cloud-provider-kind']);
    expect(report.verdict).toMatch(/^The kind runtime can run here;/);
  });
});
