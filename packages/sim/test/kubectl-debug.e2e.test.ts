// The debugging commands of the workshop through the real kubectl, against a cluster with real Pod
// processes, kube-proxy and the cluster DNS: exec, port-forward (to a Pod and to a Service),
// `kubectl run` with the busybox and curl images, and `auth can-i`.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsServiceIP } from '../src/core/network.ts';
import type { KubeObject } from '../src/core/types.ts';
import { eventually, startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: hello-world, namespace: lab-08}
spec:
  replicas: 1
  selector: {matchLabels: {app: hello-world}}
  template:
    metadata: {labels: {app: hello-world}}
    spec:
      containers:
      - name: backend
        image: workshop/backend:1.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /actuator/health/readiness, port: http}
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: {name: hello-world, namespace: lab-08}
spec:
  selector: {app: hello-world}
  ports: [{name: http, port: 80, targetPort: http}]
`;

let pod: KubeObject;

beforeAll(async () => {
  t = await startTestCluster({ nodeAgent: 'process', kubeProxy: true, entryPoints: { http: 0, https: 0 } });
  await t.kubectl(['create', 'namespace', 'lab-08']);
  await t.kubectl(['apply', '-f', await t.file('app.yaml', app)]);
  pod = await eventually(
    'a ready hello-world Pod',
    () =>
      t.cluster.client
        .list(POD, 'lab-08')
        .items.find((p) =>
          p.status?.conditions?.some(
            (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
          ),
        ),
    120_000,
  );
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Starts `kubectl port-forward <target> :<port>` and returns the local port kubectl chose. */
async function portForward(target: string, port: number) {
  const forward = t.kubectlStream(['-n', 'lab-08', 'port-forward', target, `:${port}`]);
  const local = await eventually('kubectl port-forward to listen', () => {
    const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(forward.output());
    return match ? Number(match[1]) : undefined;
  });
  return { local, forward };
}

describe('kubectl exec, port-forward, run and auth against the sim', { timeout: 120_000 }, () => {
  it('execs netstat in the Pod and lists the backend listening on its Pod IP', async () => {
    const { stdout } = await t.kubectl([
      '-n',
      'lab-08',
      'exec',
      pod.metadata.name ?? '',
      '--',
      'netstat',
      '-tlnp',
    ]);
    expect(stdout).toMatch(/^Active Internet connections \(only servers\)\n/);
    expect(stdout).toMatch(
      new RegExp(
        `tcp\\s+0\\s+0 ${pod.status?.podIP.replaceAll('.', '\\.')}:8080\\s+0\\.0\\.0\\.0:\\*\\s+LISTEN\\s+\\d+/node`,
      ),
    );
  });

  it("execs cat /etc/resolv.conf and shows the kubelet's file for the Pod's namespace", async () => {
    const { stdout } = await t.kubectl([
      '-n',
      'lab-08',
      'exec',
      pod.metadata.name ?? '',
      '--',
      'cat',
      '/etc/resolv.conf',
    ]);
    expect(stdout).toBe(
      `search lab-08.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${dnsServiceIP(t.cluster.network)}\noptions ndots:5\n`,
    );
  });

  it('answers an unknown command with one line and exit code 127', async () => {
    const result = await t.kubectl(
      ['-n', 'lab-08', 'exec', pod.metadata.name ?? '', '--', 'strace', '-p', '1'],
      {
        allowFailure: true,
      },
    );
    expect(result.code).toBe(127);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      /^sim: "strace" is not available in this Pod; commands the sim runs: cat, curl, .*wget$/,
    );
    expect(lines[1]).toBe('command terminated with exit code 127');
    expect(lines).toHaveLength(2);
  });

  it('runs one command per line of stdin in sh and exits with the code exit gives', async () => {
    const result = await t.kubectl(['-n', 'lab-08', 'exec', '-i', pod.metadata.name ?? '', '--', 'sh'], {
      input: 'hostname\nnslookup hello-world\nexit 3\necho never\n',
      allowFailure: true,
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`${pod.metadata.name}\n`);
    expect(result.stdout).toMatch(
      /Name:\thello-world\.lab-08\.svc\.cluster\.local\nAddress: \d+\.\d+\.\d+\.\d+\n/,
    );
    expect(result.stdout).not.toContain('never');
  });

  it('refuses exec into a missing Pod and into a Pod whose container never started, as a real cluster does', async () => {
    const missing = await t.kubectl(['-n', 'lab-08', 'exec', 'nope', '--', 'ls'], { allowFailure: true });
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
    await t.kubectl(['-n', 'lab-08', 'run', 'pulling', '--image=nginx:1.27']);
    await eventually(
      'the nginx Pod to be bound',
      () => t.cluster.client.get(POD, 'lab-08', 'pulling')?.spec?.nodeName,
    );
    const waiting = await t.kubectl(['-n', 'lab-08', 'exec', 'pulling', '--', 'ls'], { allowFailure: true });
    expect(waiting.stderr.trim()).toBe(
      'error: unable to upgrade connection: container not found ("pulling")',
    );
    await t.kubectl(['-n', 'lab-08', 'delete', 'pod', 'pulling', '--wait=false']);
  });

  it('port-forwards to the Pod and carries an HTTP request to its port', async () => {
    const { local, forward } = await portForward(`pod/${pod.metadata.name}`, 8080);
    try {
      const answer = await get(local, '/api/v1/hello');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ pod: pod.metadata.name, podIP: pod.status?.podIP });
    } finally {
      await forward.stop();
    }
  });

  it('port-forwards to the Service, which kubectl resolves to a Pod and its target port', async () => {
    const { local, forward } = await portForward('svc/hello-world', 80);
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await get(local, '/api/v1/hello');
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body).pod).toBe(pod.metadata.name);
      }
      expect(forward.output()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
    } finally {
      await forward.stop();
    }
  });

  it('runs busybox nslookup with kubectl run and prints the ClusterIP of the Service', async () => {
    const service = t.cluster.client.get({ apiVersion: 'v1', kind: 'Service' }, 'lab-08', 'hello-world');
    const result = await t.kubectl([
      ...['-n', 'lab-08', 'run', 'tmp-dns', '--image=busybox', '--rm', '-i', '--restart=Never'],
      ...['--', 'nslookup', 'hello-world'],
    ]);
    expect(result.stdout).toContain(
      `Name:\thello-world.lab-08.svc.cluster.local\nAddress: ${service?.spec?.clusterIP}\n`,
    );
    expect(result.stdout).toContain('pod "tmp-dns" deleted');
  });

  it('runs curl from the curlimages/curl image with kubectl run and gets the answer of the Service', async () => {
    const result = await t.kubectl([
      ...['run', 'tmp-curl', '--image=curlimages/curl', '--rm', '-i', '--restart=Never'],
      ...['--', 'curl', '-s', 'http://hello-world.lab-08/api/v1/hello'],
    ]);
    expect(result.stdout).toMatch(/^\{"message":"Hello from hello-world-/);
  });

  it('passes the exit code of a failing command of a debug image on to kubectl run', async () => {
    const result = await t.kubectl(
      [
        ...['run', 'tmp-fail', '--image=curlimages/curl', '--rm', '-i', '--restart=Never'],
        ...['--', 'curl', '-s', 'http://no-such-service.lab-08/'],
      ],
      { allowFailure: true },
    );
    expect(result.code).toBe(6);
  });

  it('attaches kubectl run -i to busybox sh, which reads its stdin line by line', async () => {
    const result = await t.kubectl(
      ['run', 'tmp-sh', '--image=busybox', '--rm', '-i', '--restart=Never', '--', 'sh'],
      { input: 'hostname\nnslookup kubernetes.default\nexit 4\n', allowFailure: true },
    );
    expect(result.stdout).toMatch(/^tmp-sh\n/);
    expect(result.stdout).toContain('Name:\tkubernetes.default.svc.cluster.local\n');
    expect(result.code).toBe(4);
  });

  it('says yes to auth can-i for the admin of the single-user cluster', async () => {
    expect((await t.kubectl(['auth', 'can-i', 'create', 'services'])).stdout).toBe('yes\n');
    expect((await t.kubectl(['auth', 'can-i', 'delete', 'pods', '-n', 'kube-system'])).stdout).toBe('yes\n');
    const list = await t.kubectl(['auth', 'can-i', '--list']);
    expect(list.stdout).toMatch(
      /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/,
    );
  });
});
