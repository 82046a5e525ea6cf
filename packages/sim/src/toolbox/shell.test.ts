import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from './commands.ts';
import { memoryIo, podWorld } from './io.ts';
import { runProgram, sh } from './shell.ts';

const world = podWorld({
  HOSTNAME: 'web-1',
  SIM_POD_NAMESPACE: 'lab-08',
  SIM_POD_IP: '127.244.0.7',
  SIM_DNS_SERVER: '127.96.0.10:53',
  SIM_TTY: '1',
  KUBERNETES_SERVICE_HOST: '127.96.0.1',
  PATH: '/bin',
});

describe('the Pod shell and its commands', () => {
  it('prints exactly one line listing the commands for a program the Pod does not have, and gives 127', async () => {
    const io = memoryIo();
    expect(await runProgram(['strace', '-f'], io, world)).toBe(127);
    expect(io.stderr).toBe(
      `sim: "strace" is not available in this Pod; commands the sim runs: ${COMMAND_NAMES.join(', ')}\n`,
    );
    expect(io.stdout).toBe('');
  });

  it('finds commands by their full path and through busybox', async () => {
    const io = memoryIo();
    expect(await runProgram(['/bin/busybox', 'hostname'], io, world)).toBe(0);
    expect(await runProgram(['/usr/bin/env'], io, world)).toBe(0);
    expect(await runProgram(['hostname', '-i'], io, world)).toBe(0);
    expect(io.stdout).toBe(
      'web-1\nHOSTNAME=web-1\nKUBERNETES_SERVICE_HOST=127.96.0.1\nPATH=/bin\n127.244.0.7\n',
    );
  });

  it('runs sh -c lines with && and || and exits with the last status or the one exit names', async () => {
    const io = memoryIo();
    expect(
      await sh(['-c', 'false || echo fallback && cat /etc/hostname; exit 7; echo never'], io, world),
    ).toBe(7);
    expect(io.stdout).toBe('fallback\nweb-1\n');
    expect(await sh(['-c', 'cat /etc/shadow'], memoryIo(), world)).toBe(1);
    const status = memoryIo();
    await sh(['-c', 'false; echo $?; true; echo $?'], status, world);
    expect(status.stdout).toBe('1\n0\n');
  });

  it('writes the resolv.conf and hosts files the kubelet writes for the Pod', async () => {
    const io = memoryIo();
    await runProgram(['cat', '/etc/resolv.conf', '/etc/hosts'], io, world);
    expect(io.stdout).toContain(
      'search lab-08.svc.cluster.local svc.cluster.local cluster.local\nnameserver 127.96.0.10\noptions ndots:5\n',
    );
    expect(io.stdout).toContain('# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n');
    expect(io.stdout).toMatch(/127\.244\.0\.7\tweb-1\n$/);
  });

  it('prompts, echoes what is typed and handles backspace on a terminal, one command per line', async () => {
    const io = memoryIo(true);
    const input = new PassThrough();
    const done = sh([], io, world, input);
    input.write('hostnamX\x7fe\r');
    input.write('exit 5\r');
    expect(await done).toBe(5);
    expect(io.stdout).toBe('/ # hostnamX\b \be\nweb-1\n/ # exit 5\n');
  });

  it('reads commands from a non-terminal stdin without a prompt and stops at its end', async () => {
    const io = memoryIo(false);
    const input = new PassThrough();
    const done = sh([], io, world, input);
    input.end('echo one\nls /etc\n');
    expect(await done).toBe(0);
    expect(io.stdout).toBe('one\nhostname\nhosts\nresolv.conf\n');
  });
});
