// netstat (busybox) and ss (iproute2) over the Pod's sockets: -t -l -n -p -a, and -u (the sim's
// Pods have no UDP servers of their own, so that part is always empty).
import type { Command } from './io.ts';
import { type PodSocket, podSockets } from './listeners.ts';

function options(args: string[]): Set<string> {
  const set = new Set<string>();
  for (const arg of args) if (/^-[a-zA-Z]+$/.test(arg)) for (const letter of arg.slice(1)) set.add(letter);
  return set;
}

function select(all: PodSocket[], flags: Set<string>): PodSocket[] {
  if (flags.has('a')) return all;
  return all.filter((s) => (flags.has('l') ? s.state === 'LISTEN' : s.state !== 'LISTEN'));
}

export const netstat: Command = async (args, io, world) => {
  const flags = options(args);
  const tcp = flags.has('t') || !flags.has('u');
  const sockets = tcp ? select(podSockets(world, { owners: flags.has('p') }), flags) : [];
  const heading = flags.has('a')
    ? 'servers and established'
    : flags.has('l')
      ? 'only servers'
      : 'w/o servers';
  const program = flags.has('p') ? ' PID/Program name' : '';
  io.out(`Active Internet connections (${heading})\n`);
  io.out(`Proto Recv-Q Send-Q Local Address           Foreign Address         State      ${program}\n`);
  for (const s of sockets) {
    const local = `${s.local}:${s.localPort}`.padEnd(23);
    const remote = (s.state === 'LISTEN' ? '0.0.0.0:*' : `${s.remote}:${s.remotePort}`).padEnd(23);
    const owner = flags.has('p') ? ` ${s.pid ? `${s.pid}/${s.program}` : '-'}` : '';
    io.out(`tcp        0      0 ${local} ${remote} ${s.state.padEnd(11)}${owner}\n`);
  }
  return 0;
};

export const ss: Command = async (args, io, world) => {
  const flags = options(args);
  const sockets =
    flags.has('u') && !flags.has('t') ? [] : select(podSockets(world, { owners: flags.has('p') }), flags);
  io.out(
    `State      Recv-Q Send-Q Local Address:Port     Peer Address:Port  ${flags.has('p') ? 'Process' : ''}\n`,
  );
  for (const s of sockets) {
    const local = `${s.local}:${s.localPort}`.padStart(22);
    const peer = (s.state === 'LISTEN' ? '0.0.0.0:*' : `${s.remote}:${s.remotePort}`).padStart(18);
    const owner = flags.has('p') && s.pid ? `  users:(("${s.program}",pid=${s.pid},fd=${s.fd ?? 0}))` : '';
    const state = s.state === 'ESTABLISHED' ? 'ESTAB' : s.state;
    io.out(`${state.padEnd(10)} 0      ${s.state === 'LISTEN' ? '511' : '0'}    ${local} ${peer}${owner}\n`);
  }
  return 0;
};
