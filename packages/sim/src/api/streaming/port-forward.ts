// pods/portforward: the portforward.k8s.io protocol over SPDY (tunnelled in a WebSocket by kubectl
// 1.31+, or on the upgraded connection itself). For each local connection kubectl opens an error
// stream and a data stream with the same requestID and a port; the sim connects to podIP:port (what
// the kubelet's connection to localhost:port inside the Pod's network namespace reaches) and copies
// bytes both ways. A failure is written to the error stream, as the kubelet does.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../../core/types.ts';
import { dialAddress } from '../../core/virtual-network.ts';
import { SpdySession, type SpdyStream } from './spdy/session.ts';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

function forward(pod: KubeObject, port: number, pair: Required<Pair>): void {
  const ip = pod.status?.podIP as string;
  const uid = pod.metadata.uid ?? '';
  const fail = (detail: string) => {
    pair.error.end(
      `error forwarding port ${port} to pod ${uid}, uid : failed to connect to ${ip}:${port} inside the Pod's network namespace: ${detail}`,
    );
    pair.data.end();
  };
  const target = dialAddress(ip, port);
  if (!target) {
    fail(`dial tcp4 ${ip}:${port}: connect: connection refused`);
    return;
  }
  // The kubelet forwards from inside the node: the Pod sees the node IP, which its network admits.
  const socket = net.connect({ host: target.host, port: target.port, localAddress: target.localAddress });
  socket.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ECONNREFUSED') fail(`dial tcp4 ${ip}:${port}: connect: connection refused`);
    else fail(error.message);
    pair.data.destroy();
  });
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    socket.on('error', () => pair.data.destroy());
    pair.data.pipe(socket);
    socket.pipe(pair.data);
    // The Pod closed its side: no error to report, so the error stream ends empty.
    socket.once('close', () => {
      pair.data.end();
      pair.error.end();
    });
  });
  pair.data.once('close', () => socket.destroy());
}

/** Serves one port-forward connection; the Pod is looked up again for each new stream pair. */
export function servePortForward(transport: Duplex, pod: () => KubeObject | undefined): SpdySession {
  const session = new SpdySession(transport);
  const pairs = new Map<string, Pair>();
  session.on('stream', (stream: SpdyStream) => {
    const { streamtype, port, requestid = '' } = stream.headers;
    const pair = pairs.get(requestid) ?? {};
    pairs.set(requestid, pair);
    if (streamtype === 'error') pair.error = stream;
    else if (streamtype === 'data') pair.data = stream;
    else return stream.destroy();
    // kubectl closes its side of the error stream at once; only the sim writes there.
    if (streamtype === 'error') stream.resume();
    if (!pair.error || !pair.data) return;
    pairs.delete(requestid);
    const number = Number(port);
    const current = pod();
    const problem = !current?.status?.podIP
      ? 'the Pod is gone or has no IP address any more'
      : !Number.isInteger(number) || number < 1 || number > 65535
        ? `invalid port "${port}"`
        : undefined;
    if (problem || !current) {
      pair.error.end(problem);
      pair.data.end();
      return;
    }
    forward(current, number, pair as Required<Pair>);
  });
  return session;
}
