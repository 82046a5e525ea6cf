// The daemon contract: cluster.json only once the API answers, a clean exit 0 on SIGTERM, and one
// clear line plus exit 1 when it cannot start.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './helpers.ts';

const DAEMON = new URL('../src/daemon.ts', import.meta.url).pathname;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startDaemon(args: string[]): {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', DAEMON, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return { child, stderr: () => stderr, exited };
}

/** Live (not zombie) processes below `root`, from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie holds no socket and runs nothing
  } catch {
    return false;
  }
}

/** Whether a TCP connection opens; `from` binds the source (a Pod IP turns away all but Pods and the node). */
function canConnect(host: string, port: number, from?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host, ...(from ? { localAddress: from } : {}) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function kubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    ),
  );
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-daemon-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('the sim daemon', () => {
  it('writes cluster.json once the API is ready and removes it on SIGTERM with exit 0', async () => {
    const dir = await tempDir();
    const daemon = startDaemon([
      '--state-dir',
      dir,
      '--api-port',
      '0',
      '--node-agent',
      'fake',
      '--no-kube-proxy',
    ]);
    const infoPath = join(dir, 'cluster.json');
    await eventually('cluster.json', () => existsSync(infoPath), 30_000);
    const info = JSON.parse(readFileSync(infoPath, 'utf8'));
    expect(info).toMatchObject({
      pid: daemon.child.pid,
      context: 'workshop-sim',
      kubeconfig: join(dir, 'kubeconfig'),
    });
    expect(Object.keys(info).sort()).toEqual([
      'apiUrl',
      'context',
      'hostNodePorts',
      'http',
      'https',
      'kubeconfig',
      'nodeIP',
      'nodePortHost',
      'pid',
      'startedAt',
    ]);
    const ns = await new Promise<string>((resolve, reject) =>
      execFile(
        'kubectl',
        [
          '--kubeconfig',
          info.kubeconfig,
          '--cache-dir',
          join(dir, 'kc'),
          'get',
          'ns',
          'default',
          '-o',
          'name',
        ],
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(ns.trim()).toBe('namespace/default');
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(existsSync(infoPath)).toBe(false);
  }, 60_000);

  it('prints one clear line and exits 1 when an entry-point port is taken', async () => {
    const dir = await tempDir();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const daemon = startDaemon(['--state-dir', dir, '--http-port', String(port), '--https-port', '0']);
    expect(await daemon.exited).toBe(1);
    expect(daemon.stderr()).toBe(
      `port ${port} on 127.0.0.1 is already in use by another program; pass --http-port to choose another\n`,
    );
    expect(existsSync(join(dir, 'cluster.json'))).toBe(false);
  }, 60_000);

  it('stops every Pod process and closes every listening socket on SIGINT', async () => {
    const dir = await tempDir();
    const daemon = startDaemon([
      '--state-dir',
      dir,
      '--api-port',
      '0',
      '--http-port',
      '0',
      '--https-port',
      '0',
      '--random-network',
    ]);
    const infoPath = join(dir, 'cluster.json');
    await eventually(
      'cluster.json',
      () => {
        if (daemon.child.exitCode !== null) throw new Error(`the daemon exited early: ${daemon.stderr()}`);
        return existsSync(infoPath);
      },
      60_000,
    );
    const info = JSON.parse(readFileSync(infoPath, 'utf8'));
    const kc = (args: string[]) => kubectl(info.kubeconfig, join(dir, 'kc'), args);
    const manifest = join(dir, 'app.yaml');
    await writeFile(
      manifest,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: workshop/backend:1.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /actuator/health/readiness, port: http}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30000}]
`,
    );
    await kc(['apply', '-f', manifest]);
    await eventually(
      '2 ready replicas',
      async () => /web\s+2\/2/.test(await kc(['get', 'deploy', 'web'])),
      150_000,
    );
    const podIPs = (await kc(['get', 'pods', '-o', 'jsonpath={.items[*].status.podIP}'])).trim().split(' ');
    const api = new URL(info.apiUrl);
    const http = new URL(info.http);
    // The entry point has no ingress controller behind it here (it resets what it accepts), so it is
    // only checked to be closed afterwards.
    // Pod IPs are called from the node IP, as the kubelet calls them: they reset the host's connections.
    const serving: Array<[string, number, string?]> = [
      [api.hostname, Number(api.port)],
      [info.nodePortHost, 30000],
      ...podIPs.map((ip): [string, number, string] => [ip, 8080, info.nodeIP]),
    ];
    const sockets: Array<[string, number, string?]> = [...serving, [http.hostname, Number(http.port)]];
    for (const [host, port, from] of serving)
      expect(await canConnect(host, port, from), `${host}:${port}`).toBe(true);
    const processes = descendants(daemon.child.pid as number);
    expect(processes.length).toBeGreaterThanOrEqual(2);

    daemon.child.kill('SIGINT');
    expect(await daemon.exited).toBe(0);
    expect(existsSync(infoPath)).toBe(false);
    await eventually('every Pod process gone', () => processes.every((pid) => !alive(pid)), 10_000);
    for (const [host, port, from] of sockets)
      expect(await canConnect(host, port, from), `${host}:${port}`).toBe(false);
  }, 240_000);
});
