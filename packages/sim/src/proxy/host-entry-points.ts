// The host's entry points, like kind's extraPortMappings: hostIP:hostPort is forwarded to the node's
// nodePort (30080/30443 for the ingress controller, 30000-30009 one to one for the labs), so a
// browser on the host reaches the cluster. They are the only ports the host's 127.0.0.1 serves for
// the cluster; every other NodePort answers on the node IP only.
import net from 'node:net';
import type { VirtualNetwork } from '../core/virtual-network.ts';
import { ListenError, splice } from './tcp-listener.ts';

export interface HostEntryPointSpec {
  name: string;
  hostPort: number;
  nodePort: number;
}

export interface RunningEntryPoint {
  name: string;
  url: string;
  close(): Promise<void>;
}

export async function openHostEntryPoint(
  spec: HostEntryPointSpec,
  hostIP: string,
  nodeIP: string,
  network?: VirtualNetwork,
): Promise<RunningEntryPoint> {
  const open = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    // Ports mode on a machine without the node IP (macOS): the NodePort is behind the table.
    const to = network ? network.dial(nodeIP, spec.nodePort) : { host: nodeIP, port: spec.nodePort };
    if (!to) {
      client.resetAndDestroy();
      return;
    }
    // From the host's address, like Docker's port forwarding: kube-proxy sees an external caller.
    const upstream = net.connect({ host: to.host, port: to.port, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    splice(client, upstream);
    client.resume();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: hostIP, port: spec.hostPort, exclusive: true }, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'EADDRINUSE' ? `port ${spec.hostPort} on ${hostIP} is already in use by another program` : '';
    const listenError = new ListenError(hostIP, spec.hostPort, code, error);
    throw new Error(
      `${what || `host entry point "${spec.name}" ${listenError.message}`}; choose another ${spec.name} port`,
      { cause: listenError },
    );
  }
  const port = (server.address() as net.AddressInfo).port;
  const scheme = spec.name === 'https' ? 'https' : 'http';
  const defaultPort = scheme === 'https' ? 443 : 80;
  return {
    name: spec.name,
    url: port === defaultPort ? `${scheme}://${hostIP}` : `${scheme}://${hostIP}:${port}`,
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
    },
  };
}
