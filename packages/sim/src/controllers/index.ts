// The sim's kube-controller-manager and kube-scheduler: every controller is a small level-triggered
// reconcile loop that reads and writes only through the ApiClient, like the real ones through the API server.
import type { ApiClient } from '../core/client.ts';
import { startScheduler } from './scheduler.ts';

export interface ControllerOptions {
  /** The node Pods get bound to. */
  nodeName: string;
}

export interface RunningControllers {
  stop(): Promise<void>;
}

export function startControllers(client: ApiClient, options: ControllerOptions): RunningControllers {
  const running = [startScheduler(client, { nodeName: options.nodeName })];
  return {
    async stop() {
      await Promise.all(running.map((controller) => controller.stop()));
    },
  };
}
