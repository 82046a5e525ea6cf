// A whole sim cluster for the end-to-end tests: real Pod processes on a random loopback network,
// ephemeral entry ports, a temp state dir, optionally Traefik from the workshop's own manifests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient, type KubeObject } from '@workshop/kube';
import { installTraefik, silentProgress } from '@workshop/runtime';
import { randomTestNetwork, type SimCluster, startCluster } from '@workshop/sim';
import { GradingContext } from '../src/context.ts';
import { backendImage } from '../src/context-data.ts';

export interface TestCluster {
  sim: SimCluster;
  kube: KubeClient;
  stateDir: string;
  context(namespaces: string[]): GradingContext;
  stop(): Promise<void>;
}

export async function startTestCluster(options: { traefik?: boolean } = {}): Promise<TestCluster> {
  const stateDir = mkdtempSync(join(tmpdir(), 'grader-e2e-'));
  const sim = await startCluster({
    stateDir: join(stateDir, 'sim'),
    network: randomTestNetwork(),
    apiPort: 0,
    nodeAgent: 'process',
    entryPoints: { http: 0, https: 0 },
    log: () => {},
  });
  const kube = await KubeClient.fromKubeconfig({ kubeconfigPath: sim.kubeconfigPath });
  if (options.traefik)
    await installTraefik(kube, { progress: silentProgress, crds: false, timeoutMs: 180_000 });
  return {
    sim,
    kube,
    stateDir,
    context: (namespaces) =>
      new GradingContext(kube, {
        lab: 'test',
        kubeconfig: sim.kubeconfigPath,
        labNamespaces: namespaces,
        namespaces,
        entryPoints: { ...sim.entryPoints, nodePortHost: sim.nodePortHost },
        probeImage: backendImage(),
      }),
    async stop() {
      await sim.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** A backend Deployment (the workshop image) with `replicas` Pods labelled app=<name>. */
export function backendDeployment(namespace: string, name: string, replicas: number): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'backend',
              image: backendImage(),
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'SPRING_APPLICATION_NAME', value: name },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              readinessProbe: {
                httpGet: { path: '/actuator/health/readiness', port: 'http' },
                periodSeconds: 1,
              },
            },
          ],
        },
      },
    },
  };
}

export function service(
  namespace: string,
  name: string,
  selector: Record<string, string>,
  extra: { type?: string; nodePort?: number } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      type: extra.type ?? 'ClusterIP',
      selector,
      ports: [
        {
          name: 'http',
          port: 80,
          targetPort: 'http',
          ...(extra.nodePort ? { nodePort: extra.nodePort } : {}),
        },
      ],
    },
  };
}
