// `lab doctor`'s checks: each one says what it found and, when something is wrong, a fix for this
// operating system and a link. The checks take their inputs (PATH, platform, Node version, ports)
// as options so tests can run them against fake executables.
import {
  CLOUD_PROVIDER_KIND_CONTAINER,
  CLOUD_PROVIDER_KIND_IMAGE,
  checkPort,
  chooseEntryPorts,
  type EntryPortPublisher,
  KIND_NODE_IMAGE,
  KIND_VERSION,
  nodeImageTag,
  platformArch,
  portHolderProcess,
  probe,
} from '@workshop/runtime';

export type Platform = 'linux' | 'darwin' | 'win32';

export interface Check {
  name: string;
  ok: boolean;
  /** What was found, e.g. `Node.js 20.20.2`. */
  found: string;
  fix?: string;
  link?: string;
}

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  platform: Platform;
  nodeVersion: string;
  ports: number[];
  /** Which of `ports` are the ingress entry points (80/443 unless tests say otherwise). */
  entryPorts?: { http: number; https: number };
  /** Process ids of the workshop's own running cluster: a port they hold is not a problem. */
  workshopPids?: number[];
  /** The machine's CPU architecture as Node names it (process.arch), for download lines. */
  arch?: string;
  /** net.ipv4.ip_unprivileged_port_start (Linux), when known. */
  unprivilegedPortStart?: number;
}

export const MIN_NODE = [20, 19, 0] as const;

export function nodeCheck(version: string, platform: Platform): Check {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  const ok = compare(parts, [...MIN_NODE]) >= 0;
  const fixes: Record<Platform, string> = {
    linux: 'install Node 20 LTS or newer, e.g. with nvm: nvm install 20 && nvm use 20',
    darwin: 'install Node 20 LTS or newer: brew install node@20 (or nvm install 20)',
    win32: 'install Node 20 LTS or newer: winget install OpenJS.NodeJS.LTS',
  };
  return {
    name: 'Node.js',
    ok,
    found: `Node.js ${version.replace(/^v/, '')} (needs ≥ ${MIN_NODE.join('.')})`,
    ...(ok ? {} : { fix: fixes[platform], link: 'https://nodejs.org/en/download' }),
  };
}

export async function dockerChecks(options: DoctorOptions): Promise<Check[]> {
  const client = await probe('docker', ['--version'], { env: options.env });
  if (!client.present) {
    const fixes: Record<Platform, string> = {
      linux:
        'install Docker Engine for your distribution, then add yourself to the docker group: sudo usermod -aG docker $USER',
      darwin: 'install Docker Desktop (or colima: brew install colima docker && colima start)',
      win32: 'install Docker Desktop with the WSL 2 backend',
    };
    const links: Record<Platform, string> = {
      linux: 'https://docs.docker.com/engine/install/',
      darwin: 'https://docs.docker.com/desktop/setup/install/mac-install/',
      win32: 'https://docs.docker.com/desktop/setup/install/windows-install/',
    };
    return [
      {
        name: 'Docker',
        ok: false,
        found: 'docker is not installed',
        fix: fixes[options.platform],
        link: links[options.platform],
      },
    ];
  }
  const daemon = await probe('docker', ['info', '--format', '{{.ServerVersion}}'], {
    env: options.env,
    timeoutMs: 15_000,
  });
  if (daemon.ok) return [{ name: 'Docker', ok: true, found: `Docker ${daemon.output} (daemon answering)` }];
  const denied = /permission denied/i.test(daemon.output);
  const fixes: Record<Platform, string> = {
    linux: denied
      ? 'your user may not use the Docker socket: sudo usermod -aG docker $USER, then log out and in'
      : 'start the daemon: sudo systemctl start docker',
    darwin: 'start Docker Desktop: open -a Docker (or colima start)',
    win32: 'start Docker Desktop from the Start menu and wait until it says "running"',
  };
  return [
    {
      name: 'Docker',
      ok: false,
      found: `${client.output || 'docker client'} is installed but the daemon does not answer (${daemon.output || 'no output'})`,
      fix: fixes[options.platform],
      link: denied
        ? 'https://docs.docker.com/engine/install/linux-postinstall/'
        : 'https://docs.docker.com/engine/daemon/start/',
    },
  ];
}

/** The pinned kind release's binary for this OS and CPU (kind publishes amd64 and arm64). */
function kindDownload(platform: Platform, arch: string): string {
  const os = platform === 'win32' ? 'windows' : platform;
  return `https://kind.sigs.k8s.io/dl/${KIND_VERSION}/kind-${os}-${platformArch(arch)}${platform === 'win32' ? '.exe' : ''}`;
}

function kindInstall(platform: Platform, arch: string): string {
  const url = kindDownload(platform, arch);
  const fixes: Record<Platform, string> = {
    linux: `curl -Lo ./kind ${url} && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind`,
    darwin: `brew install kind (or: curl -Lo ./kind ${url} && chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind)`,
    win32: `winget install Kubernetes.kind (or download ${url})`,
  };
  return fixes[platform];
}

export async function kindCheck(options: DoctorOptions): Promise<Check> {
  const kind = await probe('kind', ['version'], { env: options.env });
  const arch = options.arch ?? process.arch;
  if (kind.ok) {
    const installed = /\bv\d+\.\d+\.\d+\S*/.exec(kind.output)?.[0];
    if (!installed || installed === KIND_VERSION)
      return {
        name: 'kind',
        ok: true,
        found: `${kind.output} (the pinned ${KIND_VERSION}; node image ${nodeImageTag(KIND_NODE_IMAGE)})`,
      };
    // Another release may run, but node images are built for a kind release: say which one is pinned.
    return {
      name: 'kind',
      ok: true,
      found: `kind ${installed} is installed; the workshop pins kind ${KIND_VERSION}, whose node image is ${nodeImageTag(KIND_NODE_IMAGE)} (node images are not guaranteed across kind releases)`,
      fix: `install kind ${KIND_VERSION}: ${kindInstall(options.platform, arch)}`,
      link: `https://github.com/kubernetes-sigs/kind/releases/tag/${KIND_VERSION}`,
    };
  }
  return {
    name: 'kind',
    ok: false,
    found: kind.present ? `kind does not run (${kind.output})` : 'kind is not installed',
    fix: kindInstall(options.platform, arch),
    link: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
  };
}

interface EngineFacts {
  engine: 'Docker' | 'Podman';
  rootless: boolean;
}

/** Docker's SecurityOptions (name=rootless) or Podman's host.security.rootless, when the engine answers. */
async function engineFacts(env: NodeJS.ProcessEnv): Promise<EngineFacts | undefined> {
  const provider = env.KIND_EXPERIMENTAL_PROVIDER === 'podman' ? 'podman' : 'docker';
  if (provider === 'docker') {
    const info = await probe('docker', ['info', '--format', '{{json .SecurityOptions}}'], { env });
    if (info.ok) return { engine: 'Docker', rootless: /name=rootless/.test(info.output) };
    if (info.present) return undefined;
  }
  const podman = await probe('podman', ['info', '--format', '{{.Host.Security.Rootless}}'], { env });
  if (podman.ok) return { engine: 'Podman', rootless: podman.output.trim() === 'true' };
  return undefined;
}

/**
 * Podman as kind's provider: found when docker is absent or KIND_EXPERIMENTAL_PROVIDER=podman asks
 * for it. Undefined when Podman plays no part.
 */
export async function podmanCheck(options: DoctorOptions): Promise<Check | undefined> {
  const asked = options.env.KIND_EXPERIMENTAL_PROVIDER === 'podman';
  const docker = await probe('docker', ['--version'], { env: options.env });
  if (docker.present && !asked) return undefined;
  const podman = await probe('podman', ['info', '--format', '{{.Version.Version}}'], { env: options.env });
  if (!podman.present) return undefined;
  if (!podman.ok)
    return {
      name: 'Podman',
      ok: false,
      found: `podman is installed but does not answer (${podman.output || 'no output'})`,
      fix:
        options.platform === 'linux'
          ? 'systemctl --user start podman.socket'
          : 'podman machine init && podman machine start',
      link: 'https://kind.sigs.k8s.io/docs/user/rootless/',
    };
  return {
    name: 'Podman',
    ok: true,
    found: `Podman ${podman.output} answers; kind uses it${asked ? ' (KIND_EXPERIMENTAL_PROVIDER=podman)' : ' (no docker installed), as lab cluster up tells kind with KIND_EXPERIMENTAL_PROVIDER=podman'}; cloud-provider-kind is not started on Podman, so LoadBalancer Services stay <pending>`,
  };
}

/**
 * Which host ports each runtime's entry points take here, by the workshop's one rule (80/443 when
 * they can be used, else 8080/8443, else the next free pair), and the fix for rootless engines.
 */
export async function entryPortsCheck(options: DoctorOptions): Promise<Check> {
  const sim = await chooseEntryPorts({ kind: 'self' }, { env: options.env });
  const facts = await engineFacts(options.env);
  const start = options.unprivilegedPortStart ?? 1024;
  const publisher: EntryPortPublisher | undefined = facts
    ? facts.rootless
      ? { kind: 'rootless-engine', engine: `rootless ${facts.engine}`, unprivilegedPortStart: start }
      : { kind: 'engine', engine: facts.engine }
    : undefined;
  const kind = publisher ? await chooseEntryPorts(publisher, { env: options.env }) : undefined;
  const say = (p: { http: number; https: number; note?: string }) =>
    `${p.http}/${p.https}${p.note ? ` (${p.note.replace(/^entry points on \d+\/\d+: /, '')})` : ''}`;
  const found = `entry ports: the sim uses ${say(sim)}${kind ? `; kind on ${publisher?.engine} uses ${say(kind)}` : ''}; lab cluster up prints the URLs`;
  if (facts?.rootless && kind && kind.http !== 80) {
    return {
      name: 'entry ports',
      ok: true,
      found: `${found}. ${facts.engine} runs rootless: it cannot publish ports below ${start}`,
      fix:
        options.platform === 'linux'
          ? `for 80/443 on kind, let rootless engines publish them: echo 'net.ipv4.ip_unprivileged_port_start=80' | sudo tee /etc/sysctl.d/99-rootless.conf && sudo sysctl --system (kind's rootless guide); otherwise use the ${kind.http}/${kind.https} URLs`
          : `use the ${kind.http}/${kind.https} URLs, or a rootful engine for 80/443`,
      link: 'https://kind.sigs.k8s.io/docs/user/rootless/',
    };
  }
  return { name: 'entry ports', ok: true, found };
}

/**
 * kind's LoadBalancer provider, which `lab cluster up --runtime kind` starts as a container. Only
 * asked when Docker answers; without it the cluster works, but LoadBalancer Services (lesson 06)
 * keep EXTERNAL-IP <pending>.
 */
export async function cloudProviderKindCheck(options: DoctorOptions): Promise<Check | undefined> {
  const daemon = await probe('docker', ['info', '--format', '{{.ServerVersion}}'], { env: options.env });
  if (!daemon.ok) return undefined;
  const running = await probe('docker', ['ps', '-q', '--filter', `name=^${CLOUD_PROVIDER_KIND_CONTAINER}$`], {
    env: options.env,
  });
  if (running.ok && running.output.trim())
    return {
      name: 'cloud-provider-kind',
      ok: true,
      found: 'cloud-provider-kind is running (kind gives LoadBalancer Services an external IP)',
    };
  return {
    name: 'cloud-provider-kind',
    ok: false,
    found:
      'cloud-provider-kind is not running: on kind, a LoadBalancer Service keeps EXTERNAL-IP <pending> (lesson 06)',
    fix: `npx lab cluster up --runtime kind starts it; by hand: docker run -d --name ${CLOUD_PROVIDER_KIND_CONTAINER} --network kind -v /var/run/docker.sock:/var/run/docker.sock ${CLOUD_PROVIDER_KIND_IMAGE}`,
    link: 'https://kind.sigs.k8s.io/docs/user/loadbalancer/',
  };
}

export async function kubectlCheck(options: DoctorOptions): Promise<Check> {
  const kubectl = await probe('kubectl', ['version', '--client'], { env: options.env });
  if (kubectl.ok)
    return {
      name: 'kubectl',
      ok: true,
      found: `kubectl ${kubectl.output.replace(/^Client Version:\s*/, '')}`,
    };
  const fixes: Record<Platform, string> = {
    linux:
      'install kubectl: https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/ (the labs also work without it, but the lessons use it)',
    darwin: 'brew install kubectl',
    win32: 'winget install Kubernetes.kubectl',
  };
  return {
    name: 'kubectl',
    ok: false,
    found: 'kubectl is not installed',
    fix: fixes[options.platform],
    link: 'https://kubernetes.io/docs/tasks/tools/',
  };
}

export async function portCheck(port: number, options: DoctorOptions): Promise<Check> {
  const state = await checkPort(port, '127.0.0.1');
  const listener = state === 'free' ? undefined : await portHolderProcess(port, options.env);
  if (listener?.pid !== undefined && options.workshopPids?.includes(listener.pid)) {
    return {
      name: `port ${port}`,
      ok: true,
      found: `port ${port} on 127.0.0.1 is held by the workshop's own running cluster (pid ${listener.pid})`,
    };
  }
  const holder = listener && (listener.pid ? `${listener.command} (pid ${listener.pid})` : listener.command);
  if (state === 'free' || (state === 'forbidden' && !holder)) {
    const note =
      state === 'forbidden'
        ? ' (this user may not bind it, so the sim moves to 8080/8443; a rootful Docker or Podman publishes it for kind, a rootless one cannot)'
        : '';
    return { name: `port ${port}`, ok: true, found: `port ${port} on 127.0.0.1 is free${note}` };
  }
  const entry = options.entryPorts ?? { http: 80, https: 443 };
  const flag =
    port === entry.http ? '--http-port 8080' : port === entry.https ? '--https-port 8443' : undefined;
  const stop: Record<Platform, string> = {
    linux: `see who holds it: sudo ss -ltnp 'sport = :${port}'`,
    darwin: `see who holds it: sudo lsof -nP -iTCP:${port} -sTCP:LISTEN`,
    win32: `see who holds it: netstat -ano | findstr :${port}`,
  };
  return {
    name: `port ${port}`,
    ok: false,
    found: `port ${port} on 127.0.0.1 is already in use${holder ? ` by ${holder}` : ''}`,
    fix: flag
      ? `nothing to do unless you want ${port}: lab cluster up then takes the next free pair (8080/8443, …) and prints the URLs; or stop that program, or name the port: npx lab cluster up ${flag}`
      : `stop that program (${stop[options.platform]}); the labs need ports 30000-30009`,
    link: 'https://kind.sigs.k8s.io/docs/user/configuration/#extra-port-mappings',
  };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
