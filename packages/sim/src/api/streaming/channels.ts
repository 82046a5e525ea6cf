// exec and attach over WebSocket, the channel.k8s.io protocols (v5 and v4): every binary message
// starts with a channel byte — 0 stdin, 1 stdout, 2 stderr, 3 error (a metav1.Status when the
// command ends), 4 terminal resize — and in v5 255 closes a channel ([255, 0] is the end of stdin).
import type { WebSocket } from 'ws';
import type { StreamSession } from '../../core/node-agent.ts';

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** What a kubelet sends on the error channel when the command has ended. */
export function exitStatus(exitCode: number, command: string[] | undefined): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${(command ?? []).join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function bridgeChannels(
  ws: WebSocket,
  session: StreamSession,
  options: { tty: boolean; stdout: boolean; stderr: boolean; command?: string[] },
): void {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  const send = (channel: number, data: Buffer | string) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
  };
  session.onOutput((stream, chunk) => {
    // A terminal has one output stream: stderr shows on stdout, as through a pty.
    if (stream === 'stdout' || options.tty) {
      if (options.stdout) send(STDOUT, chunk);
    } else if (options.stderr) send(STDERR, chunk);
  });
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    if (!isBinary || message.length === 0) return;
    const channel = message[0];
    const data = message.subarray(1);
    if (channel === STDIN && data.length > 0) session.stdin?.write(data);
    else if (channel === CLOSE && v5 && data[0] === STDIN) session.stdin?.end();
    else if (channel === RESIZE) return; // there is no real terminal to resize
  });
  ws.on('close', () => session.close());
  void session.exited.then((code) => {
    if (options.command) send(ERROR, JSON.stringify(exitStatus(code, options.command)));
    ws.close(1000);
  });
}
