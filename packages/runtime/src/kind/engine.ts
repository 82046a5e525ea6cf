// The container engine kind runs its node in: Docker or Podman, as kind itself picks it
// (KIND_EXPERIMENTAL_PROVIDER, else docker when it is installed, else podman), with what the driver
// needs to know about it: does it answer, is it rootless (then it cannot publish ports below
// net.ipv4.ip_unprivileged_port_start), and the node's CPU architecture (for a platform-specific save).
import { $ } from 'zx';
import { environmentError } from '../errors.ts';
import { probe } from '../tools.ts';

export type Provider = 'docker' | 'podman';

export interface Engine {
  provider: Provider;
  /** The executable: `docker` or `podman`. */
  bin: Provider;
  /** For messages: `Docker 28.3.3`, `rootless Podman 5.4.0`. */
  label: string;
  version: string;
  rootless: boolean;
  /** linux/<arch> of the engine's machine, as image platforms name it: amd64, arm64. */
  arch: string;
  /** The environment for kind: KIND_EXPERIMENTAL_PROVIDER set to this provider when it is Podman. */
  kindEnv: NodeJS.ProcessEnv;
}

/** Docker's `x86_64`/`aarch64` (and Node's `x64`) as image platforms spell them. */
export function platformArch(arch: string): string {
  const map: Record<string, string> = { x86_64: 'amd64', x64: 'amd64', aarch64: 'arm64', arm64: 'arm64' };
  return map[arch] ?? arch;
}

/**
 * Which provider kind will use here. Throws (one line) when KIND_EXPERIMENTAL_PROVIDER names one the
 * workshop does not drive.
 */
export async function whichProvider(env: NodeJS.ProcessEnv): Promise<Provider> {
  const asked = env.KIND_EXPERIMENTAL_PROVIDER?.trim();
  if (asked === 'docker' || asked === 'podman') return asked;
  if (asked) {
    throw environmentError(
      `KIND_EXPERIMENTAL_PROVIDER=${asked} is not one the workshop drives; unset it or set it to docker or podman`,
    );
  }
  if ((await probe('docker', ['--version'], { env })).present) return 'docker';
  if ((await probe('podman', ['--version'], { env })).present) return 'podman';
  return 'docker';
}

interface DockerInfo {
  ServerVersion?: string;
  Architecture?: string;
  SecurityOptions?: string[];
}

interface PodmanInfo {
  host?: { arch?: string; security?: { rootless?: boolean } };
  version?: { Version?: string };
}

/** Asks the engine about itself; throws an environment error with the fix when it does not answer. */
export async function detectEngine(env: NodeJS.ProcessEnv): Promise<Engine> {
  const provider = await whichProvider(env);
  const run = $({ nothrow: true, quiet: true, env, timeout: 20_000 });
  const info =
    provider === 'docker'
      ? await run`docker info --format ${'{{json .}}'}`
      : await run`podman info --format json`;
  if (info.exitCode !== 0) {
    const name = provider === 'docker' ? 'Docker' : 'Podman';
    if (info.exitCode === 127 || /ENOENT/.test(info.stderr)) {
      throw environmentError(
        provider === 'docker'
          ? 'docker is not installed, and the kind runtime needs it (or Podman); install Docker or use --runtime sim (see lab doctor)'
          : 'podman is not installed (KIND_EXPERIMENTAL_PROVIDER=podman asks for it); install Podman or use --runtime sim (see lab doctor)',
      );
    }
    throw environmentError(
      `${name} is installed but ${provider === 'docker' ? 'its daemon does not answer' : 'does not answer'} (${firstLine(info.stderr) || firstLine(info.stdout) || 'no output'}); ${provider === 'docker' ? 'start Docker' : 'start it (podman machine start)'} or use --runtime sim (see lab doctor)`,
    );
  }
  const kindEnv = provider === 'podman' ? { ...env, KIND_EXPERIMENTAL_PROVIDER: 'podman' } : env;
  if (provider === 'docker') {
    const parsed = parseJson<DockerInfo>(info.stdout) ?? {};
    const rootless = (parsed.SecurityOptions ?? []).some((o) => /(^|,)name=rootless(,|$)/.test(o));
    const version = parsed.ServerVersion ?? firstLine(info.stdout);
    return {
      provider,
      bin: 'docker',
      version,
      rootless,
      label: `${rootless ? 'rootless ' : ''}Docker ${version}`,
      arch: platformArch(parsed.Architecture ?? process.arch),
      kindEnv,
    };
  }
  const parsed = parseJson<PodmanInfo>(info.stdout) ?? {};
  const rootless = parsed.host?.security?.rootless ?? process.getuid?.() !== 0;
  const version = parsed.version?.Version ?? '';
  return {
    provider,
    bin: 'podman',
    version,
    rootless,
    label: `${rootless ? 'rootless ' : ''}Podman ${version}`.trim(),
    arch: platformArch(parsed.host?.arch ?? process.arch),
    kindEnv,
  };
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
