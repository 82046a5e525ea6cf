// The data plane end to end: the real in-process API and controllers, this kubelet running the real
// backend image as processes, kube-proxy and the cluster DNS, on a random address plan; once in each
// network mode ("ports" is forced here: it is what macOS gets, where Pods cannot have their own address).
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../api/testing.ts';
import { startControllers } from '../controllers/index.ts';
import { NODE_NAME } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';
import { dialAddress, type NetworkMode } from '../core/virtual-network.ts';
import { type KubeProxy, startKubeProxy } from '../proxy/index.ts';
import { ProcessNodeAgent } from './agent.ts';
import { eventually } from './testing.ts';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

function backendDeployment(namespace: string, name: string, replicas: number): KubeObject {
  const fieldEnv = (envName: string, fieldPath: string) => ({
    name: envName,
    valueFrom: { fieldRef: { fieldPath } },
  });
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
            {
              name: 'backend',
              image: 'workshop/backend:0.1.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                fieldEnv('POD_NAME', 'metadata.name'),
                fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                fieldEnv('POD_IP', 'status.podIP'),
                fieldEnv('NODE_NAME', 'spec.nodeName'),
                { name: 'TOOLBOX_ENABLED', value: 'true' },
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

/** A GET from the node: in ports mode a virtual address is dialled through the port table, as kube-proxy does. */
function get(url: string): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname, search, host } = new URL(url);
  const dial = dialAddress(hostname, Number(port || 80));
  if (!dial) return Promise.reject(new Error(`nothing listens on ${host} (ports mode)`));
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: dial.host,
          port: dial.port,
          // From the node, as kube-proxy and the kubelet call: Pods and ClusterIPs turn the host away.
          ...(dial.localAddress ? { localAddress: dial.localAddress } : {}),
          path: `${pathname}${search}`,
          headers: { host },
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the backend, checked field by field
async function json(url: string): Promise<any> {
  const { status, body } = await get(url);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body}`);
  return JSON.parse(body);
}

function dataPlaneSuite(mode: NetworkMode): void {
  let api: TestApi;
  let agent: ProcessNodeAgent;
  let proxy: KubeProxy;
  let controllers: { stop(): Promise<void> };
  let stateDir = '';

  function readyEndpoints(namespace: string, service: string): string[] {
    return api.client
      .list(SLICE, namespace)
      .items.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service)
      .flatMap((s) => (s.endpoints ?? []) as Array<{ addresses: string[]; conditions?: { ready?: boolean } }>)
      .filter((e) => e.conditions?.ready !== false)
      .flatMap((e) => e.addresses);
  }

  beforeAll(async () => {
    api = createTestApi({ nodeName: NODE_NAME });
    stateDir = await mkdtemp(path.join(tmpdir(), 'sim-dataplane-'));
    controllers = startControllers(api.client, { nodeName: NODE_NAME });
    proxy = await startKubeProxy(api.client, {
      network: api.network,
      hostEntryPoints: [],
      log: () => {},
      networkMode: mode,
    });
    agent = new ProcessNodeAgent({
      stateDir,
      network: api.network,
      kubeconfigPath: path.join(stateDir, 'kubeconfig'),
      nodeName: NODE_NAME,
      backoffScale: 0.01,
      log: () => {},
      networkMode: mode,
    });
    await agent.start(api.client);
    for (const ns of ['lab', 'other'])
      api.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    api.client.create(backendDeployment('lab', 'api', 3));
    api.client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api-service', namespace: 'lab' },
      spec: {
        type: 'NodePort',
        selector: { app: 'api' },
        ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30000 }],
      },
    });
    api.client.create(backendDeployment('other', 'probe', 1));
    await eventually(
      '3 ready endpoints for lab/api-service',
      () => readyEndpoints('lab', 'api-service').length === 3,
      60_000,
    );
    await eventually(
      '1 ready Pod in other',
      () => api.client.list(POD, 'other').items.some((p) => p.status?.containerStatuses?.[0]?.ready),
      60_000,
    );
    // kube-proxy opens a Service address once it has seen a ready backend accept, a moment after the
    // EndpointSlice says ready (as a real node programs its rules a moment after the endpoints change).
    await eventually(
      'kube-proxy to open lab/api-service on its ClusterIP and NodePort',
      () => {
        const open = proxy.listeners();
        return open.has(`${clusterIP()}:80`) && open.has(`${api.network.nodeIP}:30000`);
      },
      10_000,
    );
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await proxy?.stop();
    await controllers?.stop();
    api?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  function clusterIP(): string {
    return api.client.get(SERVICE, 'lab', 'api-service')?.spec.clusterIP;
  }

  function podOf(namespace: string, app: string): KubeObject {
    const pod = api.client
      .list(POD, namespace)
      .items.find((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
    if (!pod) throw new Error(`expected a Pod of ${namespace}/${app}`);
    return pod;
  }

  it('spreads 60 connections through the ClusterIP over all 3 Pods', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => json(`http://${clusterIP()}/api/v1/hello`)),
    );
    const pods = new Set(answers.map((a) => a.pod));
    expect(pods).toEqual(new Set(api.client.list(POD, 'lab').items.map((p) => p.metadata.name)));
    expect(answers[0].podIP).toMatch(/^127\./);
  });

  it('answers on NodePort 30000 of the node IP, from the host', async () => {
    const answer = await json(`http://${api.network.nodeIP}:30000/api/v1/hello`);
    expect(answer.namespace).toBe('lab');
  });

  it('resolves Service names from inside a Pod with the Pod resolver rules', async () => {
    const pod = podOf('lab', 'api');
    const base = `http://${pod.status.podIP}:8080/toolbox`;
    const resolved = await json(`${base}/resolve?name=api-service`);
    expect(resolved.addresses).toEqual([{ address: clusterIP(), family: 4 }]);
    const fetched = await json(`${base}/fetch?url=${encodeURIComponent('http://api-service/api/v1/hello')}`);
    expect(fetched.summary).toMatchObject({ count: 1, ok: 1, failed: 0 });

    const other = podOf('other', 'probe');
    const otherBase = `http://${other.status.podIP}:8080/toolbox`;
    expect((await json(`${otherBase}/resolve?name=api-service.lab`)).addresses).toEqual([
      { address: clusterIP(), family: 4 },
    ]);
    const across = await json(
      `${otherBase}/fetch?url=${encodeURIComponent('http://api-service.lab/api/v1/hello')}`,
    );
    expect(across.summary).toMatchObject({ count: 1, ok: 1, failed: 0 });
    expect((await json(`${otherBase}/resolve?name=api-service`)).error.code).toBe('ENOTFOUND');
    const shortAcross = await json(
      `${otherBase}/fetch?url=${encodeURIComponent('http://api-service/api/v1/hello')}`,
    );
    expect(shortAcross.summary).toMatchObject({ count: 1, ok: 0, failed: 1, statuses: { ENOTFOUND: 1 } });
  });

  it('restarts a killed Pod process and the endpoints follow', async () => {
    const pod = podOf('lab', 'api');
    const worker = agent.pods.get(pod.metadata.uid ?? '');
    const pid = worker?.runners[0]?.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, 'SIGKILL');
    await eventually(
      'the endpoint to drop out',
      () => !readyEndpoints('lab', 'api-service').includes(pod.status.podIP),
      15_000,
    );
    const restarted = await eventually(
      'restartCount 1 and ready',
      () => {
        const current = api.client.get(POD, 'lab', pod.metadata.name ?? '');
        const status = current?.status?.containerStatuses?.[0];
        return status?.restartCount === 1 && status.ready && current;
      },
      30_000,
    );
    expect(restarted.status.containerStatuses[0].lastState.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
    await eventually(
      'the endpoint back',
      () => readyEndpoints('lab', 'api-service').includes(pod.status.podIP),
      15_000,
    );
  });

  it('reports an image the sim does not have as ErrImagePull/ImagePullBackOff', async () => {
    api.client.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'other' },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    });
    const waiting = await eventually(
      'a pull error',
      () => {
        const reason = api.client.get(POD, 'other', 'nginx')?.status?.containerStatuses?.[0]?.state?.waiting;
        return (reason?.reason === 'ErrImagePull' || reason?.reason === 'ImagePullBackOff') && reason;
      },
      15_000,
    );
    expect(waiting.message).toContain(
      'image "nginx:1.27" is not available in the sim: it has no registry access; images it can run: workshop/backend:*, traefik:*',
    );
  });

  it('loses no request through the Service while a ready Pod is deleted gracefully', async () => {
    const victim = podOf('lab', 'api');
    const failures: string[] = [];
    let done = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        try {
          const { status, body } = await get(`http://${clusterIP()}/api/v1/hello`);
          if (status !== 200) failures.push(`${status} ${body.slice(0, 200)}`);
        } catch (error) {
          failures.push(`${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`);
        }
        done++;
      }
    })();
    await eventually('some requests', () => done > 20);
    api.client.delete(POD, 'lab', victim.metadata.name ?? '');
    await eventually('the Pod gone', () => !api.client.get(POD, 'lab', victim.metadata.name ?? ''), 30_000);
    await eventually(
      '3 ready endpoints again',
      () => readyEndpoints('lab', 'api-service').length === 3,
      60_000,
    );
    const before = done;
    await eventually('more requests', () => done > before + 20);
    stop = true;
    await loop;
    expect(failures).toEqual([]);
  });

  it('spreads requests from inside a Pod to the Service name over all 3 Pods', async () => {
    const pod = podOf('lab', 'api');
    const url = encodeURIComponent('http://api-service/api/v1/hello');
    const fetched = await json(`http://${pod.status.podIP}:8080/toolbox/fetch?url=${url}&count=30`);
    expect(fetched.summary).toMatchObject({ count: 30, ok: 30, distinctPods: 3 });
  });

  it(`listens where ${mode} mode says: the Pod IP itself, or 127.0.0.1 behind the port table`, async () => {
    expect(proxy.mode).toBe(mode);
    const pod = podOf('lab', 'api');
    const podIP: string = pod.status.podIP;
    const nodeIP = api.network.nodeIP;
    const translated = dialAddress(podIP, 8080);
    if (mode === 'addresses') {
      // The node reaches the Pod at its own address, with no table in between; the host is turned away.
      expect(await answerOf({ host: podIP, port: 8080, localAddress: nodeIP })).toBe('200');
      expect(await answerOf({ host: podIP, port: 8080 })).toBe('ECONNRESET');
      expect(translated).toEqual({ host: podIP, port: 8080, localAddress: nodeIP });
    } else {
      // Linux could bind the Pod IP, so a refusal there proves the Pod really listens elsewhere.
      expect(await answerOf({ host: podIP, port: 8080 })).toBe('ECONNREFUSED');
      expect(translated?.host).toBe('127.0.0.1');
      expect(dialAddress(clusterIP(), 80)?.host).toBe('127.0.0.1');
    }
  });
}

/** The status of a GET of the readiness endpoint at exactly this address (no translation), or the error code. */
function answerOf(target: { host: string; port: number; localAddress?: string }): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ ...target, path: '/actuator/health/readiness', agent: false }, (res) => {
        res.resume();
        resolve(String(res.statusCode));
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('the data plane with the backend image (addresses mode)', () => dataPlaneSuite('addresses'));
describe('the data plane with the backend image (ports mode)', () => dataPlaneSuite('ports'));
