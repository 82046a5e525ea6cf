// How a toolbox command talks to whoever runs it: the Pod's stdout/stderr (with a terminal's
// newline translation when it has a tty) and the Pod's view of the world, read from the environment
// the kubelet gives every container process.
import { CLUSTER_DOMAIN } from '../core/network.ts';

export interface Io {
  out(text: string | Buffer): void;
  err(text: string): void;
  /** True when the container or exec session has a terminal (kubectl -t). */
  tty: boolean;
}

export interface PodWorld {
  env: NodeJS.ProcessEnv;
  hostname: string;
  namespace: string;
  podIP: string;
  zone: string;
  /** The cluster DNS as resolv.conf names it (the kube-dns ClusterIP). */
  nameserver: string;
  /** Where DNS questions really go, `host:port` (a translated port in the "ports" network mode). */
  dnsServer: string;
  subdomain?: string;
}

export type Command = (args: string[], io: Io, world: PodWorld) => Promise<number>;

export function podWorld(env: NodeJS.ProcessEnv = process.env): PodWorld {
  const dnsServer = env.SIM_DNS_SERVER ?? '127.0.0.1:53';
  return {
    env,
    hostname: env.HOSTNAME ?? 'localhost',
    namespace: env.SIM_POD_NAMESPACE ?? 'default',
    podIP: env.SIM_POD_IP ?? '127.0.0.1',
    zone: env.SIM_CLUSTER_DOMAIN ?? CLUSTER_DOMAIN,
    nameserver: dnsServer.slice(0, dnsServer.lastIndexOf(':') > 0 ? dnsServer.lastIndexOf(':') : undefined),
    dnsServer,
    subdomain: env.SIM_POD_SUBDOMAIN || undefined,
  };
}

/** An Io over this process's streams; a terminal turns "\n" into "\r\n" as a pty's onlcr does. */
export function processIo(tty: boolean): Io {
  const translate = (text: string | Buffer) => (tty ? text.toString().replace(/\r?\n/g, '\r\n') : text);
  return {
    out: (text) => process.stdout.write(translate(text)),
    err: (text) => (tty ? process.stdout : process.stderr).write(translate(text)),
    tty,
  };
}

/** Collects output (unit tests and `sh -c` helpers). */
export function memoryIo(tty = false): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    tty,
    out(text: string | Buffer) {
      io.stdout += text.toString();
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
