// `lab trace` end to end on the embedded cluster (its own state dir, the random-network daemon of the
// labs' self-tests): lab 08 with its solution traces to a hello-kubernetes Pod; a Service selector
// that matches nothing and an Ingress naming a wrong Service port stop at the backend hop; an Ingress
// whose legacy class annotation names another controller is skipped at the routing hop; lab 13's
// shipped exercise (three planted faults) stops at its first broken hop, the Ingress's Service port.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LAB = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const DAEMON = fileURLToPath(new URL('../../labs/test/random-network-daemon.ts', import.meta.url));
const state = mkdtempSync(join(tmpdir(), 'lab-trace-e2e-'));
const env = {
  ...process.env,
  NO_COLOR: '1',
  WORKSHOP_STATE_DIR: state,
  WORKSHOP_RUNTIME: 'sim',
  WORKSHOP_SIM_DAEMON: DAEMON,
  LANG: 'C',
};

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 150_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const lab = (args: string[]) => run(process.execPath, [LAB, ...args]);
const kubectl = (args: string[]) =>
  run('kubectl', ['--kubeconfig', join(state, 'sim', 'kubeconfig'), ...args]);

interface Trace {
  reached: boolean;
  hops: Array<{ hop: string; ok: boolean; details: string[]; see?: string; found?: string }>;
}

beforeAll(async () => {
  expect((await lab(['start', '08'])).code).toBe(0);
  expect((await lab(['solution', '08'])).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await lab(['cluster', 'down']);
  rmSync(state, { recursive: true, force: true });
}, 60_000);

describe('lab trace', () => {
  it('follows /kube/x from the entry point to a hello-kubernetes Pod', async () => {
    const text = await lab(['trace', 'http://127.0.0.1/kube/x']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/✓ 1\. entry[\s\S]*Service traefik\/traefik \(NodePort\)/);
    expect(text.stdout).toMatch(/Ingress lab-08\/hello, host-less rule, Prefix \/kube/);
    expect(text.stdout).toMatch(/near miss: .*Prefix \/ .*a longer prefix wins/);
    expect(text.stdout).toMatch(/Pod lab-08\/hello-kubernetes-[a-z0-9]+-[a-z0-9]+ answered/);

    const json = await lab(['trace', 'http://127.0.0.1/kube/x', '--json']);
    expect(json.code).toBe(0);
    const trace = JSON.parse(json.stdout) as Trace;
    expect(trace.reached).toBe(true);
    expect(trace.hops.map((h) => [h.hop, h.ok])).toEqual([
      ['entry', true],
      ['routing', true],
      ['backend', true],
      ['pod', true],
    ]);
  }, 60_000);

  it('stops at the backend when the Service selector matches no Pod', async () => {
    const patch = (app: string) =>
      kubectl([
        'patch',
        'service',
        '-n',
        'lab-08',
        'hello-kubernetes',
        '-p',
        `{"spec":{"selector":{"app":"${app}"}}}`,
      ]);
    expect((await patch('nobody')).code).toBe(0);
    try {
      const result = await lab(['trace', 'http://127.0.0.1/kube/x', '--json']);
      expect(result.code).toBe(1);
      const trace = JSON.parse(result.stdout) as Trace;
      expect(trace.reached).toBe(false);
      const last = trace.hops.at(-1);
      expect(last).toMatchObject({
        hop: 'backend',
        ok: false,
        see: 'kubectl get endpoints -n lab-08 hello-kubernetes',
      });
      expect(last?.found).toContain('app=nobody');
      const text = await lab(['trace', 'http://127.0.0.1/kube/x']);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain('✗ 3. backend');
      expect(text.stdout).toContain('Stopped at hop 3 (backend).');
    } finally {
      await patch('hello-kubernetes');
    }
  }, 60_000);

  it('skips an Ingress whose legacy class annotation names another controller, as Traefik does', async () => {
    const patch = (ops: object[]) =>
      kubectl(['patch', 'ingress', '-n', 'lab-08', 'hello', '--type', 'json', '-p', JSON.stringify(ops)]);
    const legacy = [
      { op: 'remove', path: '/spec/ingressClassName' },
      { op: 'add', path: '/metadata/annotations', value: { 'kubernetes.io/ingress.class': 'nginx' } },
    ];
    expect((await patch(legacy)).code).toBe(0);
    try {
      const result = await lab(['trace', 'http://127.0.0.1/kube/x']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('✗ 2. routing');
      expect(result.stdout).toContain(
        'skipped Ingress lab-08/hello: annotation kubernetes.io/ingress.class: nginx is not traefik',
      );
    } finally {
      await patch([
        { op: 'remove', path: '/metadata/annotations/kubernetes.io~1ingress.class' },
        { op: 'add', path: '/spec/ingressClassName', value: 'traefik' },
      ]);
    }
  }, 60_000);

  it('stops at the backend when the Ingress names a port the Service does not have', async () => {
    const json = JSON.stringify([
      { op: 'replace', path: '/spec/rules/0/http/paths/1/backend/service/port/number', value: 8080 },
    ]);
    expect(
      (await kubectl(['patch', 'ingress', '-n', 'lab-08', 'hello', '--type', 'json', '-p', json])).code,
    ).toBe(0);
    const result = await lab(['trace', 'http://127.0.0.1/kube/x']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ 3. backend');
    expect(result.stdout).toContain('expected: Service lab-08/hello-kubernetes to have port 8080');
    expect(result.stdout).toContain('see:      kubectl describe ingress -n lab-08 hello');
  }, 60_000);

  it('refuses a bad URL in one line', async () => {
    const result = await lab(['trace', 'not a url']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});

// Last: it takes lab 08 off the entry point.
describe('starting another Ingress lab', () => {
  it("removes lab 08's Ingress from the shared entry point, and says so", async () => {
    const start = await lab(['start', '07']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr).toContain(
      "Removing other labs' Ingresses from the shared entry point (lab-08/hello); their files stay as they are",
    );
    const left = await kubectl(['get', 'ingress', '-n', 'lab-08', '-o', 'name']);
    expect(left.stdout.trim()).toBe('');
    // A lab without Ingresses leaves the others alone.
    const svc = await lab(['start', '01']);
    expect(svc.stderr).not.toContain("Removing other labs' Ingresses");
  }, 240_000);
});

// After lab 08 is off the entry point: lab 13 deploys its broken setup on `lab start`.
describe('lab trace on lab 13, the break-fix lab', () => {
  it('stops at the first broken hop of the shipped exercise and names it, as text and as JSON', async () => {
    const start = await lab(['start', '13']);
    expect(start.code, start.stderr).toBe(0);
    const url = 'http://127.0.0.1/api/v1/hello';
    const text = await lab(['trace', url, '--host', 'shop.example.com']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('✓ 2. routing');
    expect(text.stdout).toContain('Ingress lab-13/shop, rule host "shop.example.com", Prefix /');
    expect(text.stdout).toContain('✗ 3. backend');
    expect(text.stdout).toContain('expected: Service lab-13/shop to have port 8080');
    expect(text.stdout).toContain('see:      kubectl describe ingress -n lab-13 shop');
    expect(text.stdout).toContain('Stopped at hop 3 (backend).');
    // The hops after the broken one are not walked: the trace stops where the request did.
    expect(text.stdout).not.toContain('4. pod');

    const json = await lab(['trace', url, '--host', 'shop.example.com', '--json']);
    expect(json.code).toBe(1);
    const trace = JSON.parse(json.stdout) as Trace;
    expect(trace.reached).toBe(false);
    expect(trace.hops.map((h) => [h.hop, h.ok])).toEqual([
      ['entry', true],
      ['routing', true],
      ['backend', false],
    ]);
    expect(trace.hops.at(-1)).toMatchObject({ see: 'kubectl describe ingress -n lab-13 shop' });
    expect(trace.hops.at(-1)?.found).toContain('80 (http)');
  }, 240_000);
});
