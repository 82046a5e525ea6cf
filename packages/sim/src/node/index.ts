// The sim's kubelet: runs every Pod bound to the node as real OS processes of its image, each on
// its own loopback address, with probes, restarts, graceful deletion and logs.
import type { NodeAgent } from '../core/node-agent.ts';
import { ProcessNodeAgent, type ProcessNodeAgentOptions } from './agent.ts';

export type { ProcessNodeAgentOptions } from './agent.ts';
export { ProcessNodeAgent } from './agent.ts';
export {
  backendImage,
  createImageCatalog,
  defaultImageCatalog,
  type ImageCatalog,
  type ImageEntry,
  traefikImage,
} from './image-catalog.ts';

export function createProcessNodeAgent(options: ProcessNodeAgentOptions): NodeAgent {
  return new ProcessNodeAgent(options);
}
