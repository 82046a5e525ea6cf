// Traffic benchmark for the sim README (never a timed test): requests/s and p50/p99 latency of the
// learner's road, host → entry point → ingress controller Pod → backend Pod, against host →
// NodePort → Pod and node → Pod directly (from the node IP: a Pod IP resets the host's connections,
// as on kind, where the host has no route to it), on loopback. Also: kubectl apply of a 3-replica
// Deployment to 3 ready endpoints, and the RSS of each Pod process.
// Run: npx tsx packages/sim/bench/traffic.ts   (REQUESTS, CONCURRENCY, ROUNDS to change the load)
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** Each load run stops here even if REQUESTS were not all sent: the loop is bounded in time too. */
const RUN_LIMIT_MS = 60_000;
const DAEMON = new URL('../src/daemon.ts', import.meta.url).pathname;
const TRAEFIK = new URL('../../runtime/manifests/traefik/', import.meta.url).pathname;

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: myapp}
spec:
  replicas: 3
  selector: {matchLabels: {app: myapp}}
  template:
    metadata: {labels: {app: myapp}}
    spec:
      containers:
      - name: backend
        image: workshop/backend:1.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /actuator/health/readiness, port: http}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: myapp}
spec:
  selector: {app: myapp}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: myapp-nodeport}
spec:
  type: NodePort
  selector: {app: myapp}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30000}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: myapp}
spec:
  rules:
  - host: myapp.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        backend:
          service: {name: myapp, port: {number: 80}}
`;

function kubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], (error, out, err) =>
      error ? reject(new Error(`kubectl ${args.join(' ')}: ${err}`)) : resolve(out),
    ),
  );
}

async function poll<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 180_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(check()).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** GET on the API with the cluster's token (the certificate is the sim's self-signed one). */
function apiGet(apiUrl: string, token: string, path: string): Promise<{ items?: unknown[] }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        new URL(path, apiUrl),
        { rejectUnauthorized: false, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(body))));
        },
      )
      .on('error', reject);
  });
}

interface Target {
  name: string;
  urls: string[];
  host?: string;
  /** The source address to call from (the node IP for Pod IPs). */
  from?: string;
}

interface RunResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/** A bounded closed loop: CONCURRENCY workers on keep-alive connections, REQUESTS in all or RUN_LIMIT_MS. */
async function load(target: Target, requests: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const one = (url: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const options = {
        agent,
        headers: target.host ? { host: target.host } : {},
        ...(target.from ? { localAddress: target.from } : {}),
      };
      const req = http.get(url, options, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  // Each worker keeps to one URL, as each keep-alive connection through kube-proxy keeps to one Pod.
  const worker = async (w: number) => {
    while (next < requests && performance.now() - started < RUN_LIMIT_MS) {
      next++;
      await one(target.urls[w % target.urls.length] as string);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requests: latencies.length + errors,
    errors,
    rps: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
  };
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** RSS of the daemon's Pod processes, by image. */
function podRss(daemonPid: number): { backend: number[]; traefik: number[] } {
  const pods = descendants(daemonPid).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const kind = cmdline.some((a) => a.endsWith('apps/backend/dist/index.js'))
        ? 'backend'
        : // the traefik image runs the bundle of ingress/main.ts (node_modules/.cache/workshop-sim/main-*.mjs), or the source through tsx
          cmdline.some((a) => a.endsWith('ingress/main.ts') || /\/workshop-sim\/main-[\w-]+\.mjs$/.test(a))
          ? 'traefik'
          : undefined;
      return kind ? [{ kind, rss: rssMiB(pid) }] : [];
    } catch {
      return [];
    }
  });
  return {
    backend: pods.filter((p) => p.kind === 'backend').map((p) => p.rss),
    traefik: pods.filter((p) => p.kind === 'traefik').map((p) => p.rss),
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const dir = await mkdtemp(join(tmpdir(), 'sim-traffic-'));
const stateDir = join(dir, 'state');
const cache = join(dir, 'kc');
const daemon = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    DAEMON,
    '--state-dir',
    stateDir,
    '--api-port',
    '0',
    '--http-port',
    '0',
    '--https-port',
    '0',
    '--random-network',
  ],
  { stdio: 'ignore' },
);
const exited = new Promise((resolve) => daemon.on('exit', resolve));
try {
  const infoPath = join(stateDir, 'cluster.json');
  await poll('cluster.json', () => (existsSync(infoPath) ? true : undefined), 60_000);
  const info = JSON.parse(readFileSync(infoPath, 'utf8'));
  const token: string = parse(readFileSync(info.kubeconfig, 'utf8')).users[0].user.token;
  const kc = (args: string[]) => kubectl(info.kubeconfig, cache, args);
  await kc(['apply', '-f', join(TRAEFIK, 'namespace-traefik.yaml')]);
  await kc(['apply', '-f', TRAEFIK]);
  const appFile = join(dir, 'app.yaml');
  await writeFile(appFile, APP);

  const t0 = performance.now();
  await kc(['apply', '-f', appFile]);
  const readyEndpoints = async () => {
    const slices = await apiGet(
      info.apiUrl,
      token,
      '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dmyapp',
    );
    const ready = (
      slices.items as Array<{ endpoints?: Array<{ addresses: string[]; conditions?: { ready?: boolean } }> }>
    )
      .flatMap((s) => s.endpoints ?? [])
      .filter((e) => e.conditions?.ready !== false)
      .flatMap((e) => e.addresses);
    return ready.length === 3 ? ready : undefined;
  };
  const podIPs = await poll('3 ready endpoints', readyEndpoints);
  const applyToReady = performance.now() - t0;

  const ingress: Target = {
    name: 'host → entry point → ingress Pod → Pod',
    urls: [`${info.http}/api/v1/hello`],
    host: 'myapp.example.com',
  };
  const nodePort: Target = {
    name: 'host → NodePort (kube-proxy) → Pod',
    urls: [`http://${info.nodePortHost}:30000/api/v1/hello`],
  };
  // The host may not call a Pod IP; the node may (the kubelet's probes do), so this row calls from it.
  const direct: Target = {
    name: 'node → Pod directly (from the node IP)',
    urls: podIPs.map((ip) => `http://${ip}:8080/api/v1/hello`),
    from: info.nodeIP,
  };
  await poll('the Ingress route to answer', async () =>
    (await load(ingress, 1)).errors === 0 ? true : undefined,
  );

  await new Promise((resolve) => setTimeout(resolve, 2000)); // let the Pods settle before measuring
  const idle = podRss(daemon.pid as number);
  const results = new Map<string, RunResult[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of [direct, nodePort, ingress]) {
      await load(target, 200); // warm-up: connections, JIT
      const result = await load(target, REQUESTS);
      process.stderr.write(
        ` • round ${round + 1} ${target.name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.errors} errors\n`,
      );
      results.set(target.name, [...(results.get(target.name) ?? []), result]);
    }
  }

  const after = podRss(daemon.pid as number);

  console.log(
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); ${REQUESTS} requests per run after 200 warm-up, ${CONCURRENCY} concurrent keep-alive connections, ${ROUNDS} rounds, medians\n`,
  );
  console.log('| path | req/s | p50 | p99 | errors |\n|---|---|---|---|---|');
  for (const target of [direct, nodePort, ingress]) {
    const runs = results.get(target.name) ?? [];
    console.log(
      `| ${target.name} | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${median(runs.map((r) => r.p50)).toFixed(2)} ms | ${median(runs.map((r) => r.p99)).toFixed(2)} ms | ${runs.reduce((n, r) => n + r.errors, 0)} |`,
    );
  }
  console.log(`\n| measurement | result |\n|---|---|`);
  console.log(
    `| \`kubectl apply\` of a 3-replica Deployment (+ Services, Ingress) to 3 ready endpoints | ${(applyToReady / 1000).toFixed(2)} s |`,
  );
  console.log(
    `| RSS per backend Pod process (${idle.backend.length} Pods), mean: idle / after the load | ${mean(idle.backend).toFixed(0)} / ${mean(after.backend).toFixed(0)} MiB |`,
  );
  console.log(
    `| RSS of the ingress controller Pod process: idle / after the load | ${mean(idle.traefik).toFixed(0)} / ${mean(after.traefik).toFixed(0)} MiB |`,
  );
  console.log(
    `\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
} finally {
  daemon.kill('SIGTERM');
  await exited;
  await rm(dir, { recursive: true, force: true });
}
