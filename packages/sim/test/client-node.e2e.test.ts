// @kubernetes/client-node against the sim with the generated kubeconfig, unchanged.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
let kc: k8s.KubeConfig;
beforeAll(async () => {
  t = await startTestCluster();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(t.cluster.kubeconfigPath);
});
afterAll(async () => {
  await t?.stop();
});

describe('client-node against the sim', { timeout: 120_000 }, () => {
  it('creates, reads, lists and deletes a Service with CoreV1Api (bodies without kind)', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const created = await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'cn-svc' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } },
    });
    expect(created.spec?.clusterIP).toMatch(/^127\./);
    expect(created.spec?.ports?.[0]?.targetPort).toBe(80);
    const read = await core.readNamespacedService({ namespace: 'default', name: 'cn-svc' });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    const list = await core.listNamespacedService({ namespace: 'default', labelSelector: '!nothing' });
    expect(list.items.map((s) => s.metadata?.name)).toContain('cn-svc');
    await core.deleteNamespacedService({ namespace: 'default', name: 'cn-svc' });
    await expect(core.readNamespacedService({ namespace: 'default', name: 'cn-svc' })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('runs a Deployment with AppsV1Api and scales it through the scale subresource', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'cn-deploy' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'cn' } },
          template: {
            metadata: { labels: { app: 'cn' } },
            spec: { containers: [{ name: 'c', image: 'workshop/backend:1' }] },
          },
        },
      },
    });
    const scale = await apps.readNamespacedDeploymentScale({ namespace: 'default', name: 'cn-deploy' });
    expect(scale.spec?.replicas).toBe(1);
    await apps.replaceNamespacedDeploymentScale({
      namespace: 'default',
      name: 'cn-deploy',
      body: { metadata: { name: 'cn-deploy', namespace: 'default' }, spec: { replicas: 2 } },
    });
    await eventually('2 available replicas', async () => {
      const d = await apps.readNamespacedDeployment({ namespace: 'default', name: 'cn-deploy' });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
  });

  it('creates an Ingress with NetworkingV1Api and rejects an invalid one with the 422 causes', async () => {
    const net = kc.makeApiClient(k8s.NetworkingV1Api);
    const backend = { service: { name: 'web', port: { number: 80 } } };
    const ok = await net.createNamespacedIngress({
      namespace: 'default',
      body: {
        metadata: { name: 'cn-ing' },
        spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
      },
    });
    expect(ok.metadata?.generation).toBe(1);
    const error = (await net
      .createNamespacedIngress({
        namespace: 'default',
        body: {
          metadata: { name: 'cn-bad' },
          spec: { rules: [{ http: { paths: [{ path: '/', backend } as k8s.V1HTTPIngressPath] } }] },
        },
      })
      .catch((e: unknown) => e)) as { code: number; body: string };
    expect(error.code).toBe(422);
    const status = JSON.parse(error.body);
    expect(status.reason).toBe('Invalid');
    expect(status.details.causes[0].field).toBe('spec.rules[0].http.paths[0].pathType');
  });

  it('creates and patches with KubernetesObjectApi: strategic merge, merge patch and server-side apply', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'generic', namespace: 'default' },
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'metrics', port: 9000 },
        ],
      },
    };
    await objects.create(svc);
    const smp = await objects.patch(
      { ...svc, spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      undefined,
      undefined,
      undefined,
      undefined,
      k8s.PatchStrategy.StrategicMergePatch,
    );
    expect(
      (smp.spec as { ports: Array<{ port: number; targetPort: number }> }).ports.map((p) => [
        p.port,
        p.targetPort,
      ]),
    ).toEqual([
      [80, 9090],
      [9000, 9000],
    ]);
    const merged = await objects.patch(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'generic', namespace: 'default', labels: { a: 'b' } },
      },
      undefined,
      undefined,
      'test',
      undefined,
      k8s.PatchStrategy.MergePatch,
    );
    expect(merged.metadata?.labels).toEqual({ a: 'b' });
    const applied = await objects.patch(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ssa', namespace: 'default' },
        data: { k: 'v' },
      } as k8s.KubernetesObject,
      undefined,
      undefined,
      'test',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    expect((applied as { data?: Record<string, string> }).data).toEqual({ k: 'v' });
  });

  it('watches Services and sees ADDED and DELETED', async () => {
    const watch = new k8s.Watch(kc);
    const seen: string[] = [];
    const request = await watch.watch(
      '/api/v1/namespaces/default/services',
      {},
      (type, object: k8s.V1Service) => seen.push(`${type} ${object.metadata?.name}`),
      () => {},
    );
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'watched' }, spec: { ports: [{ port: 80 }] } },
    });
    await core.deleteNamespacedService({ namespace: 'default', name: 'watched' });
    await eventually(
      'ADDED and DELETED events',
      () => seen.includes('ADDED watched') && seen.includes('DELETED watched'),
    );
    request.abort();
  });
});
