// The sim's kubelet: runs every Pod bound to the node as real OS processes of its image.
// Skeleton export (contract); the real agent lands in this folder next.

import { PassThrough } from 'node:stream';
import type { ApiClient } from '../core/client.ts';
import type { NetworkPlan } from '../core/network.ts';
import type { LogOptions, NodeAgent } from '../core/node-agent.ts';

export interface ProcessNodeAgentOptions {
  stateDir: string;
  network: NetworkPlan;
  kubeconfigPath: string;
  nodeName: string;
}

export function createProcessNodeAgent(options: ProcessNodeAgentOptions): NodeAgent {
  return {
    nodeName: options.nodeName,
    async start(_client: ApiClient) {
      throw new Error('createProcessNodeAgent: not implemented yet');
    },
    logs(_namespace: string, _name: string, _options: LogOptions) {
      const stream = new PassThrough();
      stream.end();
      return stream;
    },
    async stop() {},
  };
}
