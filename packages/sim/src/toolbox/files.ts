// The few files a Pod's root shows: what the kubelet writes (/etc/resolv.conf for dnsPolicy
// ClusterFirst, the Kubernetes-managed /etc/hosts, /etc/hostname) and a small plausible root for `ls`.
import { searchDomains } from '../dns/search.ts';
import type { Command, PodWorld } from './io.ts';

/** As containerd writes it from the kubelet's DNS config: search, nameserver, options. */
export function resolvConf(world: PodWorld): string {
  return [
    `search ${searchDomains(world.namespace, world.zone).join(' ')}`,
    `nameserver ${world.nameserver}`,
    'options ndots:5',
    '',
  ].join('\n');
}

export function hostsFile(world: PodWorld): string {
  const own = world.subdomain
    ? `${world.podIP}\t${world.hostname}.${world.subdomain}.${world.namespace}.svc.${world.zone}\t${world.hostname}`
    : `${world.podIP}\t${world.hostname}`;
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    own,
    '',
  ].join('\n');
}

const DIRECTORIES: Record<string, string[]> = {
  '/': ['bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'run', 'sys', 'tmp', 'usr', 'var'],
  '/etc': ['hostname', 'hosts', 'resolv.conf'],
};
for (const empty of ['bin', 'dev', 'home', 'lib', 'proc', 'root', 'run', 'sys', 'tmp', 'usr', 'var']) {
  DIRECTORIES[`/${empty}`] = [];
}

function normalize(file: string): string {
  const absolute = file.startsWith('/') ? file : `/${file}`;
  const parts: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function readFile(file: string, world: PodWorld): string | undefined {
  switch (normalize(file)) {
    case '/etc/resolv.conf':
      return resolvConf(world);
    case '/etc/hosts':
      return hostsFile(world);
    case '/etc/hostname':
      return `${world.hostname}\n`;
    default:
      return undefined;
  }
}

export const cat: Command = async (args, io, world) => {
  let code = 0;
  for (const file of args.filter((a) => a !== '--')) {
    const text = readFile(file, world);
    if (text !== undefined) io.out(text);
    else if (DIRECTORIES[normalize(file)]) {
      io.err(`cat: read error: Is a directory\n`);
      code = 1;
    } else {
      io.err(`cat: can't open '${file}': No such file or directory\n`);
      code = 1;
    }
  }
  return code;
};

export const ls: Command = async (args, io) => {
  const long = args.some((a) => /^-[a-zA-Z]*1/.test(a));
  const targets = args.filter((a) => !a.startsWith('-'));
  let code = 0;
  for (const target of targets.length > 0 ? targets : ['/']) {
    const path = normalize(target);
    const entries = DIRECTORIES[path];
    if (entries === undefined) {
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      if (DIRECTORIES[parent]?.includes(path.slice(path.lastIndexOf('/') + 1))) {
        io.out(`${target}\n`);
        continue;
      }
      io.err(`ls: ${target}: No such file or directory\n`);
      code = 1;
      continue;
    }
    if (targets.length > 1) io.out(`${target}:\n`);
    // On a terminal busybox lists in columns, into a pipe one name per line.
    if (entries.length > 0) io.out(io.tty && !long ? `${entries.join('  ')}\n` : `${entries.join('\n')}\n`);
  }
  return code;
};
