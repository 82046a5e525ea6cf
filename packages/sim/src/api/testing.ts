// An in-process API for tests of controllers and the data plane: the real store, pipeline and
// registry, no HTTP. Bootstrapped like a fresh cluster (namespaces, Node, kubernetes/kube-dns).
import type { ApiClient } from '../core/client.ts';
import { type NetworkPlan, randomTestNetwork } from '../core/network.ts';
import type { Registry } from '../core/strategy.ts';
import { createStore, type Store } from '../store/store.ts';
import { bootstrapCluster } from './bootstrap.ts';
import { createApiClient } from './client.ts';
import { createRestStorage, type RestStorage } from './rest/index.ts';

export interface TestApiOptions {
  /** The address plan; a random one (no collisions between parallel tests) by default. */
  network?: NetworkPlan;
  /** Create the system namespaces, the Node and the kubernetes/kube-dns Services (default true). */
  bootstrap?: boolean;
  nodeName?: string;
}

export interface TestApi {
  client: ApiClient;
  registry: Registry;
  store: Store;
  rest: RestStorage;
  network: NetworkPlan;
  close(): void;
}

export function createTestApi(options: TestApiOptions = {}): TestApi {
  const network = options.network ?? randomTestNetwork();
  const store = createStore();
  const rest = createRestStorage({ store, network });
  const client = createApiClient(rest);
  if (options.bootstrap ?? true) {
    bootstrapCluster(client, { network, apiHost: '127.0.0.1', apiPort: 6443, nodeName: options.nodeName });
  }
  const unsubscribers: Array<() => void> = [];
  const tracked: ApiClient = {
    ...client,
    watch(ref, namespace, listener, watchOptions) {
      const stop = client.watch(ref, namespace, listener, watchOptions);
      unsubscribers.push(stop);
      return stop;
    },
  };
  return {
    client: tracked,
    registry: rest.context.registry,
    store,
    rest,
    network,
    close() {
      // Ends every watch opened through this API so nothing keeps a test alive.
      for (const stop of unsubscribers.splice(0)) stop();
    },
  };
}
