// The sim's kube-controller-manager and kube-scheduler: every controller is a small level-triggered
// reconcile loop that reads and writes only through the ApiClient, like the real ones through the API server.
import type { ApiClient } from '../core/client.ts';
import { startDeploymentController } from './deployment/deployment-controller.ts';
import { startEndpointsController } from './endpoints/endpoints-controller.ts';
import { startEndpointSliceController } from './endpoints/endpointslice-controller.ts';
import { startGarbageCollector } from './garbage-collector.ts';
import { startNamespaceController } from './namespace-controller.ts';
import { startReplicaSetController } from './replicaset-controller.ts';
import { startScheduler } from './scheduler.ts';

export interface ControllerOptions {
  /** The node Pods get bound to. */
  nodeName: string;
  /** --max-endpoints-per-slice (default 100). */
  maxEndpointsPerSlice?: number;
}

export interface RunningControllers {
  stop(): Promise<void>;
}

export function startControllers(client: ApiClient, options: ControllerOptions): RunningControllers {
  const running = [
    startScheduler(client, { nodeName: options.nodeName }),
    startDeploymentController(client),
    startReplicaSetController(client),
    startEndpointsController(client),
    startEndpointSliceController(client, { maxEndpointsPerSlice: options.maxEndpointsPerSlice }),
    startGarbageCollector(client),
    startNamespaceController(client),
  ];
  return {
    async stop() {
      await Promise.all(running.map((controller) => controller.stop()));
    },
  };
}

export { SCHEDULER_NAME } from './scheduler.ts';
