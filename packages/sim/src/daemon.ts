// The sim as a background process: `node --import tsx packages/sim/src/daemon.ts --state-dir <dir>
// [--api-port N] [--http-port N] [--https-port N] [--node-port-mappings 30000-30009|none]`; for tests
// and benchmarks also [--node-agent process|fake] [--no-kube-proxy] [--random-network].
// NodePorts 30000-30009 are mapped to 127.0.0.1 as the workshop's kind cluster maps them, except on
// a random network (tests beside a developer's cluster), which maps none unless told.
// Writes <state-dir>/cluster.json once the API is ready; SIGTERM/SIGINT stop everything, remove it
// and exit 0; a startup failure prints one line to stderr and exits 1.
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type SimCluster, startCluster } from './cluster.ts';
import { randomTestNetwork } from './core/network.ts';
import { isAlive } from './core/process-alive.ts';

export interface ClusterInfo {
  pid: number;
  apiUrl: string;
  kubeconfig: string;
  context: string;
  http: string;
  https: string;
  /** Why the entry points are not on 80/443, when the rule moved them. */
  entryNote?: string;
  nodePortHost: string;
  /** The node's InternalIP: every NodePort answers there. */
  nodeIP: string;
  /** The NodePorts 127.0.0.1 forwards to the node. */
  hostNodePorts: number[];
  startedAt: string;
}

/** The labs' NodePorts, mapped to the host as the kind runtime's extraPortMappings map them. */
const LAB_NODE_PORTS = '30000-30009';

function nodePortList(value: string): number[] {
  if (value === 'none') return [];
  const ports: number[] = [];
  for (const part of value.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from < 30000 || to > 32767 || to < from)
      fail(
        `--node-port-mappings expects NodePorts in 30000-32767 like "30000-30009" or "30080,30443", or "none"; got "${value}"`,
      );
    for (let port = from; port <= to; port++) ports.push(port);
  }
  return ports;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    fail(`${flag} expects a port number 0-65535, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      options: {
        'state-dir': { type: 'string' },
        'api-port': { type: 'string' },
        'http-port': { type: 'string' },
        'https-port': { type: 'string' },
        'node-agent': { type: 'string' },
        'no-kube-proxy': { type: 'boolean' },
        'random-network': { type: 'boolean' },
        'node-port-mappings': { type: 'string' },
      },
      strict: true,
    });
  }
  try {
    args = parse();
  } catch (error) {
    fail(
      `${error instanceof Error ? error.message : String(error)}; usage: daemon.ts --state-dir <dir> [--api-port N] [--http-port N] [--https-port N] [--node-port-mappings 30000-30009|none]`,
    );
  }
  const stateDirArg = args.values['state-dir'];
  if (!stateDirArg)
    fail('--state-dir is required: the directory for cluster.json, the kubeconfig and Pod logs');
  const stateDir = resolve(stateDirArg);
  const infoPath = join(stateDir, 'cluster.json');
  try {
    const existing = JSON.parse(readFileSync(infoPath, 'utf8')) as ClusterInfo;
    if (existing.pid && existing.pid !== process.pid && isAlive(existing.pid)) {
      fail(
        `a sim cluster already runs from ${stateDir} (pid ${existing.pid}); stop it first or choose another --state-dir`,
      );
    }
  } catch {
    // No (readable) cluster.json: nothing runs from this directory.
  }
  const agentArg = args.values['node-agent'] ?? 'process';
  if (agentArg !== 'process' && agentArg !== 'fake')
    fail(`--node-agent expects "process" or "fake", got "${agentArg}"`);

  let cluster: SimCluster | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    try {
      await cluster?.stop();
      await rm(infoPath, { force: true });
      process.exit(0);
    } catch (error) {
      process.stderr.write(
        `sim: stopping on ${signal} failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      await rm(infoPath, { force: true });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await mkdir(stateDir, { recursive: true });
    await rm(infoPath, { force: true });
    cluster = await startCluster({
      stateDir,
      apiPort: port(args.values['api-port'], '--api-port'),
      entryPoints: {
        http: port(args.values['http-port'], '--http-port'),
        https: port(args.values['https-port'], '--https-port'),
      },
      nodeAgent: agentArg,
      kubeProxy: !args.values['no-kube-proxy'],
      network: args.values['random-network'] ? randomTestNetwork() : undefined,
      hostNodePorts: nodePortList(
        args.values['node-port-mappings'] ?? (args.values['random-network'] ? 'none' : LAB_NODE_PORTS),
      ),
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (stopping) return;
  const info: ClusterInfo = {
    pid: process.pid,
    apiUrl: cluster.apiUrl,
    kubeconfig: cluster.kubeconfigPath,
    context: cluster.context,
    http: cluster.entryPoints.http,
    https: cluster.entryPoints.https,
    ...(cluster.entryNote ? { entryNote: cluster.entryNote } : {}),
    nodePortHost: cluster.nodePortHost,
    nodeIP: cluster.network.nodeIP,
    hostNodePorts: cluster.hostNodePorts,
    startedAt: new Date().toISOString(),
  };
  // Written atomically, so a reader never sees half a file.
  await writeFile(`${infoPath}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  await rename(`${infoPath}.tmp`, infoPath);
  process.stderr.write(`sim: cluster ready at ${cluster.apiUrl} (kubeconfig ${cluster.kubeconfigPath})\n`);
}

await main();
