// The network a learner sees, end to end on a full sim (real backend Pods, kube-proxy, kubectl):
// the node has an IP of its own where every NodePort answers; 127.0.0.1 answers only on the mapped
// ports; Pod IPs and ClusterIPs turn the host away; Pods call from their own IP; a Service whose
// endpoints do not listen is refused; Pods that start normally report no failed probe.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimCluster, startCluster } from '../src/cluster.ts';
import { randomTestNetwork } from '../src/core/network.ts';
import { eventually } from './helpers.ts';

// A NodePort no other cluster on the machine maps, so the test may map it to 127.0.0.1.
const MAPPED = 32101;
const UNMAPPED = 32102;
const NOT_LISTENING = 32103;

let cluster: SimCluster;
let dir: string;

function kubectl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'kubectl',
      ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'kc'), '-n', 'net', ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${stderr}${stdout}`)) : resolve(stdout)),
    ),
  );
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, timeout: 10_000 }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const backend = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  containers:
  - name: backend
    image: workshop/backend:1.0
    ports: [{name: http, containerPort: 8080}]
    env: [{name: TOOLBOX_ENABLED, value: "true"}]
    readinessProbe: {httpGet: {path: /actuator/health/readiness, port: http}, periodSeconds: 1}
${extra}`;

const service = (name: string, app: string, nodePort: number, targetPort: string | number) => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: NodePort
  selector: {app: ${app}}
  ports: [{port: 80, targetPort: ${targetPort}, nodePort: ${nodePort}}]
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-net-'));
  cluster = await startCluster({
    stateDir: join(dir, 'state'),
    network: randomTestNetwork(),
    entryPoints: { http: 0, https: 0 },
    hostNodePorts: [MAPPED],
    log: () => {},
  });
  const manifest = join(dir, 'net.yaml');
  await writeFile(
    manifest,
    [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: net}\n',
      backend(
        'web',
        '    livenessProbe: {httpGet: {path: /actuator/health/liveness, port: http}, periodSeconds: 10}\n',
      ),
      backend('caller'),
      backend(
        'sick',
        '    livenessProbe: {tcpSocket: {port: 9999}, periodSeconds: 1, failureThreshold: 30}\n',
      ),
      service('web', 'web', MAPPED, 'http'),
      service('web-unmapped', 'web', UNMAPPED, 'http'),
      service('wrong-port', 'web', NOT_LISTENING, 9999),
    ].join('---\n'),
  );
  await kubectl(['apply', '-f', manifest]).catch(async () => kubectl(['apply', '-f', manifest]));
  await eventually(
    'ready Pods',
    async () =>
      /web\s+1\/1/.test(await kubectl(['get', 'pods'])) &&
      /caller\s+1\/1/.test(await kubectl(['get', 'pods'])),
    150_000,
  );
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

const podIP = async (name: string) =>
  (await kubectl(['get', 'pod', name, '-o', 'jsonpath={.status.podIP}'])).trim();
const clusterIP = async (name: string) =>
  (await kubectl(['get', 'svc', name, '-o', 'jsonpath={.spec.clusterIP}'])).trim();

describe('the sim network from the host', { timeout: 60_000 }, () => {
  it('shows the node at an IP of its own, not 127.0.0.1, in kubectl get nodes -o wide', async () => {
    const wide = await kubectl(['get', 'nodes', '-o', 'wide']);
    expect(wide).toMatch(/INTERNAL-IP/);
    expect(wide).toMatch(
      new RegExp(`sim-control-plane\\s+Ready\\s.*\\s${cluster.network.nodeIP.replaceAll('.', '\\.')}\\s`),
    );
    expect(cluster.network.nodeIP).not.toBe('127.0.0.1');
  });

  it('answers every NodePort on the node IP, and on 127.0.0.1 only the mapped one', async () => {
    const nodeIP = cluster.network.nodeIP;
    await eventually(
      'the NodePorts',
      async () => (await get(`http://${nodeIP}:${UNMAPPED}/api/v1/hello`)).status === 200,
    );
    expect((await get(`http://${nodeIP}:${MAPPED}/api/v1/hello`)).status).toBe(200);
    expect((await get(`http://127.0.0.1:${MAPPED}/api/v1/hello`)).status).toBe(200);
    await expect(get(`http://127.0.0.1:${UNMAPPED}/api/v1/hello`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(cluster.nodePortHost).toBe('127.0.0.1');
  });

  it('turns the host away from a Pod IP and from a ClusterIP before any byte', async () => {
    await expect(get(`http://${await podIP('web')}:8080/api/v1/hello`)).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    await expect(get(`http://${await clusterIP('web')}/api/v1/hello`)).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('refuses a NodePort whose endpoints do not listen on the targetPort', async () => {
    await eventually(
      'the good NodePort',
      async () => (await get(`http://${cluster.network.nodeIP}:${MAPPED}/`)).status > 0,
    );
    for (let i = 0; i < 3; i++) {
      await expect(get(`http://${cluster.network.nodeIP}:${NOT_LISTENING}/`)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    }
  });
});

describe('the sim network inside the cluster', { timeout: 60_000 }, () => {
  it('shows the backend the calling Pod’s own IP, through a ClusterIP Service', async () => {
    const caller = await podIP('caller');
    const url = encodeURIComponent('http://web.net/api/v1/hello');
    const out = await kubectl([
      'get',
      '--raw',
      `/api/v1/namespaces/net/pods/caller:8080/proxy/toolbox/fetch?url=${url}&count=1`,
    ]);
    expect(JSON.parse(out).summary.ok).toBe(1);
    await eventually(
      'the request in the backend log',
      async () =>
        (await kubectl(['logs', 'web'])).includes(`GET /api/v1/hello 200`) &&
        new RegExp(`GET /api/v1/hello 200 \\d+ms from ${caller.replaceAll('.', '\\.')}$`, 'm').test(
          await kubectl(['logs', 'web']),
        ),
    );
  });

  it('refuses a Pod’s connection to a Service port whose endpoints do not listen', async () => {
    const url = encodeURIComponent('http://wrong-port.net/');
    const out = JSON.parse(
      await kubectl([
        'get',
        '--raw',
        `/api/v1/namespaces/net/pods/caller:8080/proxy/toolbox/fetch?url=${url}&count=2`,
      ]),
    );
    expect(out.summary.statuses).toEqual({ ECONNREFUSED: 2 });
  });
});

describe('probes as the kubelet runs them', { timeout: 60_000 }, () => {
  it('reports no failed liveness probe for Pods that start normally', async () => {
    // A readiness failure before the first Ready is normal on a busy node (kubelet reports it too);
    // a liveness failure of a container that starts normally is not.
    const events = await kubectl([
      'get',
      'events',
      '--field-selector',
      'reason=Unhealthy',
      '-o',
      'jsonpath={range .items[*]}{.involvedObject.name}: {.message}{"\\n"}{end}',
    ]);
    const lines = events.split('\n').filter((line) => /^(web|caller): Liveness/.test(line));
    expect(lines).toEqual([]);
  });

  it('reports a liveness probe that never gets an answer, on every attempt', async () => {
    const messages = await eventually('Unhealthy events of the sick Pod', async () => {
      const out = await kubectl([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=sick,reason=Unhealthy',
        '-o',
        'jsonpath={.items[*].message}',
      ]);
      return out.includes('Liveness probe failed') ? out : undefined;
    });
    expect(messages).toContain('connect: connection refused');
  });
});
