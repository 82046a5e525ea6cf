// The whole sim wired together: real Pod processes of the backend image, kube-proxy, DNS and the
// host entry points, driven by kubectl; stop() must leave no process and no listening socket.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimCluster, startCluster } from '../src/cluster.ts';
import { randomTestNetwork } from '../src/core/network.ts';
import { eventually, raw } from './helpers.ts';

let cluster: SimCluster;
let dir: string;
const lines: string[] = [];

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'kc'), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
    );
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-full-'));
  cluster = await startCluster({
    stateDir: join(dir, 'state'),
    network: randomTestNetwork(),
    entryPoints: { http: 0, https: 0 },
    log: (line) => lines.push(line),
  });
});

afterAll(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the full sim cluster', () => {
  it('runs the backend image behind a NodePort Service and answers through every hop', async () => {
    const manifest = join(dir, 'app.yaml');
    await writeFile(
      manifest,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  replicas: 2
  selector: {matchLabels: {app: backend}}
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers:
      - name: backend
        image: workshop/backend:1.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /actuator/health, port: http}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: backend}
spec:
  type: NodePort
  selector: {app: backend}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30009}]
`,
    );
    expect((await kubectl(['apply', '-f', manifest])).code).toBe(0);
    await eventually(
      'the backend Deployment to be ready',
      async () => /backend\s+2\/2/.test((await kubectl(['get', 'deploy', 'backend'])).stdout),
      120_000,
    );
    const viaNodePort = await eventually('an answer on the NodePort', async () => {
      const res = await fetch(`http://${cluster.nodePortHost}:30009/api/v1/hello`).catch(() => undefined);
      return res?.ok ? res : undefined;
    });
    expect(viaNodePort.status).toBe(200);
    const viaProxy = await raw(
      cluster,
      'GET',
      '/api/v1/namespaces/default/services/backend:http/proxy/api/v1/hello',
    );
    expect(viaProxy.status).toBe(200);
    const pod = (
      await kubectl(['get', 'pods', '-l', 'app=backend', '-o', 'jsonpath={.items[0].metadata.name}'])
    ).stdout;
    const viaPodProxy = await raw(
      cluster,
      'GET',
      `/api/v1/namespaces/default/pods/${pod}:8080/proxy/api/v1/hello`,
    );
    expect(viaPodProxy.status).toBe(200);
    const logs = await kubectl(['logs', pod]);
    expect(logs.code).toBe(0);
    expect(logs.stdout.length).toBeGreaterThan(0);
  }, 180_000);

  it('leaves no listening socket behind after stop()', async () => {
    const api = new URL(cluster.apiUrl);
    await cluster.stop();
    expect(await canConnect(api.hostname, Number(api.port))).toBe(false);
    expect(await canConnect(cluster.nodePortHost, 30009)).toBe(false);
  });
});
