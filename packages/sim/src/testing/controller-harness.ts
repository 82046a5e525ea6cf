// A whole control plane for tests: the in-process API (real store and registry), every controller
// and a FakeNodeAgent, plus small helpers to write manifests and read what the controllers made.
import { createTestApi, type TestApi } from '../api/testing.ts';
import { startControllers } from '../controllers/index.ts';
import type { ApiClient, ResourceRef } from '../core/client.ts';
import { NODE_NAME } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';
import { FakeNodeAgent, type FakeNodeAgentOptions } from './fake-node-agent.ts';

export interface ControlPlane {
  api: TestApi;
  client: ApiClient;
  node: FakeNodeAgent;
  /** Objects of a kind in a namespace, optionally only those whose labels include `labels`. */
  list(ref: ResourceRef, namespace: string, labels?: Record<string, string>): KubeObject[];
  stop(): Promise<void>;
}

export async function startControlPlane(
  options: {
    node?: Omit<FakeNodeAgentOptions, 'network'>;
    controllers?: { maxEndpointsPerSlice?: number };
  } = {},
): Promise<ControlPlane> {
  const api = createTestApi();
  const node = new FakeNodeAgent({ network: api.network, nodeName: NODE_NAME, ...options.node });
  await node.start(api.client);
  const controllers = startControllers(api.client, { nodeName: node.nodeName, ...options.controllers });
  return {
    api,
    client: api.client,
    node,
    list(ref, namespace, labels = {}) {
      return api.client
        .list(ref, namespace)
        .items.filter((item) =>
          Object.entries(labels).every(([key, value]) => item.metadata.labels?.[key] === value),
        );
    },
    async stop() {
      await controllers.stop();
      await node.stop();
      api.close();
    },
  };
}

/** A Deployment of `workshop/backend` Pods labelled `app: <name>`, listening on 8080 (port name `http`). */
export function deployment(
  name: string,
  namespace: string,
  replicas: number,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'workshop/backend:1.0', ports: [{ name: 'http', containerPort: 8080 }] },
          ],
        },
      },
      ...extra,
    },
  };
}

/** A bare Pod with labels and container ports, as a test would apply it. */
export function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: Array<{ name?: string; containerPort: number; protocol?: string }> = [{ containerPort: 8080 }],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'workshop/backend:1.0', ports }] },
  };
}

export function service(
  name: string,
  namespace: string,
  selector: Record<string, string> | undefined,
  ports: Array<{ name?: string; port: number; targetPort?: number | string; protocol?: string }>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { ...(selector ? { selector } : {}), ports, ...extra },
  };
}
