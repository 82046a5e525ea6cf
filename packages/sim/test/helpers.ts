// Shared by the end-to-end tests: a cluster on an ephemeral port with a random address plan and
// the fake node agent, the real kubectl pointed at its kubeconfig, and raw HTTPS requests.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimCluster, type StartClusterOptions, startCluster } from '../src/cluster.ts';
import { randomTestNetwork } from '../src/core/network.ts';

export interface TestCluster {
  cluster: SimCluster;
  dir: string;
  kubectl(
    args: string[],
    options?: { allowFailure?: boolean; input?: string },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts `kubectl <args>` in the background (e.g. `get -w`). */
  kubectlStream(args: string[]): { output: () => string; stop: () => Promise<void> };
  file(name: string, content: string): Promise<string>;
  stop(): Promise<void>;
}

/** The fake node agent and no kube-proxy unless `options` ask for real Pods and networking. */
export async function startTestCluster(options: Partial<StartClusterOptions> = {}): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-e2e-'));
  const cluster = await startCluster({
    stateDir: join(dir, 'state'),
    network: randomTestNetwork(),
    apiPort: 0,
    nodeAgent: 'fake',
    kubeProxy: false,
    log: () => {},
    ...options,
  });
  const base = ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'kube-cache')];
  const streams = new Set<() => Promise<void>>();
  return {
    cluster,
    dir,
    kubectl(args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = execFile(
          'kubectl',
          [...base, ...args],
          { cwd: dir, timeout: 60_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            if (code !== 0 && !options.allowFailure) {
              reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr}${stdout}`));
            } else resolve({ code, stdout, stderr });
          },
        );
        child.stdin?.end(options.input);
      });
    },
    kubectlStream(args) {
      const child = spawn('kubectl', [...base, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
      const stop = async () => {
        streams.delete(stop);
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      };
      streams.add(stop);
      return { output: () => output, stop };
    },
    async file(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    async stop() {
      for (const stop of [...streams]) await stop();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies of any shape, narrowed by the tests' expectations
  json(): any;
}

/** An HTTPS request to the API server (self-signed certificate), with the cluster token unless told otherwise. */
export function raw(
  cluster: SimCluster,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; token?: string | null } = {},
): Promise<RawResponse> {
  const url = new URL(path, cluster.apiUrl);
  const token = options.token === undefined ? cluster.token : options.token;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        rejectUnauthorized: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * Polls until `check` returns a value, or fails with what was awaited. The default deadline is
 * generous because `npm test` runs every workspace's tests and the site build at once on 2 cores,
 * where one kubectl start (dispatcher, then the versioned binary) alone can take seconds; a deadline
 * only costs time when something is already broken.
 */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
