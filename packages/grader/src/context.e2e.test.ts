// The grading helpers against a real sim cluster (Pod processes, kube-proxy, cluster DNS, Traefik):
// each proof passes on a correct setup and fails with expected vs observed on a broken one.
import type { KubeObject } from '@workshop/kube';
import { generateSelfSigned } from '@workshop/sim/ingress/tls/self-signed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendDeployment, service, startTestCluster, type TestCluster } from '../test/sim-cluster.ts';
import type { GradingContext } from './context.ts';
import { CheckFailure } from './failure.ts';

const NS = 'grader-helpers';
const OTHER = 'grader-other';
let cluster: TestCluster;
let ctx: GradingContext;

function ingress(name: string, rules: unknown[], tls?: unknown[]): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: NS },
    spec: { ingressClassName: 'traefik', rules, ...(tls ? { tls } : {}) },
  };
}
const backend = (svc: string) => ({ service: { name: svc, port: { number: 80 } } });

async function failure(promise: Promise<unknown>): Promise<CheckFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckFailure);
  return error as CheckFailure;
}

beforeAll(async () => {
  cluster = await startTestCluster({ traefik: true });
  const cert = generateSelfSigned({ commonName: 'myapp.example.com', dnsNames: ['myapp.example.com'] });
  await cluster.kube.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: OTHER } },
    backendDeployment(NS, 'api', 3),
    backendDeployment(NS, 'hello-world', 1),
    backendDeployment(NS, 'hello-kubernetes', 1),
    service(NS, 'api-service', { app: 'api' }, { type: 'NodePort', nodePort: 30005 }),
    service(NS, 'broken', { app: 'MyApp' }),
    service(NS, 'no-selector', {}),
    service(NS, 'hello-world', { app: 'hello-world' }),
    service(NS, 'hello-kubernetes', { app: 'hello-kubernetes' }),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'myapp-tls', namespace: NS },
      data: {
        'tls.crt': Buffer.from(cert.certPem).toString('base64'),
        'tls.key': Buffer.from(cert.keyPem).toString('base64'),
      },
    },
    // ImplementationSpecific /kube is a plain prefix in Traefik, so /kubex goes to hello-kubernetes.
    ingress('paths', [
      {
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: backend('hello-world') },
            { path: '/kube', pathType: 'ImplementationSpecific', backend: backend('hello-kubernetes') },
          ],
        },
      },
    ]),
    ingress(
      'myapp',
      [
        {
          host: 'myapp.example.com',
          http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('api-service') }] },
        },
      ],
      [{ hosts: ['myapp.example.com'], secretName: 'myapp-tls' }],
    ),
  ]);
  for (const d of ['api', 'hello-world', 'hello-kubernetes'])
    await cluster.kube.waitForDeploymentAvailable(NS, d, { timeoutMs: 180_000 });
  ctx = cluster.context([NS, OTHER]);
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe('selection and endpoints', () => {
  it('returns the 3 backend Pods when the Service selects exactly them', async () => {
    const pods = await ctx.expectServiceSelects('api-service', { deployment: 'api' });
    expect(pods).toEqual(await ctx.backendPods('api'));
    expect(pods).toHaveLength(3);
  });

  it('names the selector and the real Pod labels when the selector matches nothing', async () => {
    const error = await failure(ctx.expectServiceSelects('broken', { deployment: 'api' }));
    expect(error.message).toBe(
      'Service "broken" selects {app: MyApp} but the backend Pods are labelled {app: api}',
    );
    expect(error.observed).toBe('selector {app: MyApp} matches no Pod');
  });

  it('says which Service is missing and what the namespace has instead', async () => {
    const error = await failure(ctx.require('Service', 'api-servce'));
    expect(error.message).toMatch(
      /^expected Service "api-servce" in namespace grader-helpers, found none; the namespace has Service .*"api-service"/,
    );
  });

  it('waits for the ready endpoints, and reports what it saw last when they never come', async () => {
    expect(await ctx.expectReadyEndpoints('api-service', 3)).toHaveLength(3);
    const error = await failure(ctx.expectReadyEndpoints('broken', 1, { timeoutMs: 1000 }));
    expect(error.message).toBe(
      'expected Service "broken" to have 1 ready endpoint, observed 0 ready endpoints (after waiting 1s)',
    );
  });

  it('does not wait for the endpoints of a Service without a selector, and says why they never come', async () => {
    const started = Date.now();
    const error = await failure(ctx.expectReadyEndpoints('no-selector', 3));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe(
      'expected Service "no-selector" to have 3 ready endpoints, observed 0 ready endpoints; the Service has no selector, so Kubernetes does not manage its endpoints and they do not follow the Pods',
    );
  });
});

describe('traffic and DNS from inside a Pod', () => {
  it('sends 60 requests through the Service from the probe Pod and sees all 3 Pods answer', async () => {
    const result = await ctx.fetchFromPod('http://api-service/api/v1/hello', { count: 60 });
    expect(result.ok).toBe(60);
    expect(await ctx.expectReaches(result, { deployment: 'api' })).toHaveLength(3);
    const probe = await cluster.kube.get({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'grader-probe',
      namespace: NS,
    });
    expect(probe?.metadata.labels?.['app.kubernetes.io/name']).toBe('grader-probe');
  }, 180_000);

  it('fails a distribution check that expects Pods which never answered', async () => {
    const result = await ctx.fetchFromPod('http://hello-world/api/v1/hello', { count: 5 });
    const error = await failure(ctx.expectReaches(result, { pods: ['someone-else'] }));
    expect(error.message).toMatch(
      /^5 requests to GET http:\/\/hello-world\/api\/v1\/hello from a Pod in grader-helpers reached 1 of the 1 expected Pods: hello-world-\S+ is not among the expected Pods/,
    );
  });

  it('resolves short names in the same namespace to the ClusterIP, and not across namespaces', async () => {
    const addresses = await ctx.expectResolves('api-service', { service: { name: 'api-service' } });
    expect(addresses).toHaveLength(1);
    await ctx.expectResolves(`api-service.${NS}`, { namespace: OTHER });
    await ctx.expectDoesNotResolve('api-service', { namespace: OTHER });
    // A view on the other namespace: its probe Pod is the default caller and its objects are looked up there.
    const other = ctx.inNamespace(OTHER);
    expect(other.namespace).toBe(OTHER);
    await other.expectDoesNotResolve('api-service');
    await other.expectResolves(`api-service.${NS}`, { service: { name: 'api-service', namespace: NS } });
    expect((await failure(other.require('Service', 'api-service'))).message).toMatch(
      /^expected Service "api-service" in namespace grader-other, found none/,
    );
    const error = await failure(ctx.expectResolves('no-such-service'));
    expect(error.message).toMatch(
      /^no-such-service does not resolve from a Pod in namespace grader-helpers \(ENOTFOUND\)/,
    );
  }, 180_000);
});

describe('traffic from the host', () => {
  it('reaches all 3 Pods through the NodePort with 60 new connections', async () => {
    const result = await ctx.fetchFromHost(ctx.nodePortUrl(30005, '/api/v1/hello'), { count: 60 });
    expect(await ctx.expectReaches(result, { deployment: 'api' })).toHaveLength(3);
  });

  it('lists every wrong row of a routing table in one failure', async () => {
    await ctx.expectRoutes([
      { path: '/', expect: { app: 'hello-world' } },
      { path: '/kube/echo', expect: { app: 'hello-kubernetes' } },
      { host: 'myapp.example.com', path: '/api/v1/hello', expect: { app: 'api' } },
    ]);
    const error = await failure(
      ctx.expectRoutes(
        [
          { path: '/kubex', expect: { app: 'hello-kubernetes' } },
          { path: '/', expect: { app: 'hello-world' } },
          { host: 'nobody.example.com', path: '/api', expect: { status: 404 } },
          { path: '/kube', expect: { status: 404 } },
        ],
        { timeoutMs: 1000 },
      ),
    );
    expect(error.message).toContain('GET /kubex → hello-world, expected hello-kubernetes');
    expect(error.message).toContain('GET /kube → hello-kubernetes (404), expected 404 (no backend)');
    // The host-less rule catches every host, so an unknown host is routed too.
    expect(error.message).toContain(
      'GET nobody.example.com/api → hello-world (404), expected 404 (no backend)',
    );
    expect(error.message).toMatch(/^3 of 4 routes through http:\/\/127\.0\.0\.1:\d+ went wrong: /);
  });

  it('reads the certificate served for a host and matches it with the TLS Secret', async () => {
    const cert = await ctx.expectCertificate('myapp.example.com', { secret: 'myapp-tls' });
    expect(cert.dnsNames).toEqual(['myapp.example.com']);
    const error = await failure(ctx.expectCertificate('other.example.com', { timeoutMs: 500 }));
    expect(error.message).toMatch(
      /^HTTPS for other\.example\.com presented a certificate for .*; expected a certificate for other\.example\.com$/,
    );
  });
});
