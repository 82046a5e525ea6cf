// A tiny in-memory Kubernetes API server for tests of this package and its users: discovery, CRUD,
// server-side apply (as a deep merge), Status errors shaped like the real ones, and a pods proxy.
// It is deliberately small; the real behaviour lives in packages/sim.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string };
  [k: string]: unknown;
};

const RESOURCES: Record<string, Array<{ name: string; kind: string; namespaced: boolean }>> = {
  v1: [
    { name: 'namespaces', kind: 'Namespace', namespaced: false },
    { name: 'pods', kind: 'Pod', namespaced: true },
    { name: 'services', kind: 'Service', namespaced: true },
    { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
    { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  ],
  'apps/v1': [{ name: 'deployments', kind: 'Deployment', namespaced: true }],
  'rbac.authorization.k8s.io/v1': [
    { name: 'clusterroles', kind: 'ClusterRole', namespaced: false },
    { name: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  ],
  'networking.k8s.io/v1': [
    { name: 'ingressclasses', kind: 'IngressClass', namespaced: false },
    { name: 'ingresses', kind: 'Ingress', namespaced: true },
  ],
  'apiextensions.k8s.io/v1': [
    { name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false },
  ],
};

export interface FakeApiServerOptions {
  /**
   * Play the controllers' part: a Deployment is available as soon as it is written, a CRD Established.
   * Off by default so waits can be tested.
   */
  autoReady?: boolean;
  /** Name of the kubeconfig context (and cluster/user entries); `fake` by default. */
  context?: string;
}

/** What the missing controllers would write (see FakeApiServerOptions.autoReady). */
function settle(object: Obj): void {
  if (object.kind === 'Deployment') {
    const replicas = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    object.metadata.generation = 1;
    object.status = {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    };
  }
  if (object.kind === 'CustomResourceDefinition')
    object.status = { conditions: [{ type: 'Established', status: 'True' }] };
}

export interface FakeApiServer {
  url: string;
  kubeconfigPath: string;
  /** `METHOD path?query content-type` of every request, in order. */
  requests: string[];
  objects: Map<string, Obj>;
  /** Makes apply-patch requests answer 415, like a server without server-side apply. */
  refuseServerSideApply: boolean;
  put(object: Obj): void;
  close(): Promise<void>;
}

function status(res: http.ServerResponse, code: number, reason: string, message: string, details?: unknown) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details,
      code,
    }),
  );
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (
      typeof v === 'object' &&
      !Array.isArray(v) &&
      typeof out[k] === 'object' &&
      out[k] &&
      !Array.isArray(out[k])
    ) {
      out[k] = merge(out[k] as Record<string, unknown>, v as Record<string, unknown>);
    } else out[k] = v;
  }
  return out;
}

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const objects = new Map<string, Obj>();
  const requests: string[] = [];
  let rv = 1;
  const state = { refuseServerSideApply: false };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${req.method} ${url.pathname}${url.search} ${req.headers['content-type'] ?? ''}`.trim());
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      handle(req.method ?? 'GET', url, body, req.headers['content-type'] ?? '', res);
    });
  });

  function handle(
    method: string,
    url: URL,
    body: Obj | undefined,
    contentType: string,
    res: http.ServerResponse,
  ) {
    const json = (code: number, value: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/readyz') {
      res.writeHead(200);
      return res.end('ok');
    }
    if (url.pathname === '/version')
      return json(200, { major: '1', minor: '33', gitVersion: 'v1.33.0-fake' });
    const gv = url.pathname.match(/^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/);
    if (gv) {
      const list = RESOURCES[gv[1] ?? gv[2] ?? ''];
      return list
        ? json(200, { kind: 'APIResourceList', resources: list.map((r) => ({ ...r, verbs: [] })) })
        : status(res, 404, 'NotFound', 'the server could not find the requested resource');
    }
    const proxy = url.pathname.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/:]+):(\d+)\/proxy(\/.*)$/);
    if (proxy) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end(`proxied ${method} to ${proxy[1]}/${proxy[2]} port ${proxy[3]} path ${proxy[4]}`);
    }
    const m = url.pathname.match(
      /^\/(?:api\/v1|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/,
    );
    if (!m) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const [, group, namespace, plural, name] = m;
    const apiVersion = group ?? 'v1';
    const info = RESOURCES[apiVersion]?.find((r) => r.name === plural);
    if (!info) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const key = (n: string) => `${apiVersion}/${plural}/${namespace ?? ''}/${n}`;
    const notFound = (n: string) =>
      status(res, 404, 'NotFound', `${plural} "${n}" not found`, { name: n, kind: plural });
    if (!name) {
      if (method === 'GET') {
        const selector = url.searchParams.get('labelSelector');
        const items = [...objects.values()].filter((o) => {
          if (o.kind !== info.kind || (namespace && o.metadata.namespace !== namespace)) return false;
          if (!selector) return true;
          const labels = (o.metadata.labels ?? {}) as Record<string, string>;
          return selector.split(',').every((pair) => {
            const [k, v] = pair.split('=');
            return labels[k ?? ''] === v;
          });
        });
        return json(200, {
          kind: `${info.kind}List`,
          apiVersion,
          metadata: { resourceVersion: String(rv) },
          items: items.map((o) => {
            const { kind: _k, apiVersion: _a, ...rest } = o;
            return rest;
          }),
        });
      }
      if (method === 'POST' && body) {
        if (objects.has(key(body.metadata.name)))
          return status(res, 409, 'AlreadyExists', `${plural} "${body.metadata.name}" already exists`);
        const invalid = validate(body);
        if (invalid) return invalid();
        body.metadata.resourceVersion = String(++rv);
        if (options.autoReady) settle(body);
        objects.set(key(body.metadata.name), body);
        return json(201, body);
      }
    }
    if (!name) return status(res, 405, 'MethodNotAllowed', 'method not allowed');
    const existing = objects.get(key(name));
    if (method === 'GET') return existing ? json(200, existing) : notFound(name);
    if (method === 'DELETE') {
      if (!existing) return notFound(name);
      objects.delete(key(name));
      return json(200, existing);
    }
    if (method === 'PATCH' && body) {
      if (contentType.startsWith('application/apply-patch') && state.refuseServerSideApply) {
        return status(
          res,
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json`,
        );
      }
      if (!existing && !contentType.startsWith('application/apply-patch')) return notFound(name);
      const next = merge(existing ?? {}, body as Record<string, unknown>) as Obj;
      const invalid = validate(next);
      if (invalid) return invalid();
      const { resourceVersion: _old, ...oldMeta } = (existing?.metadata ?? {}) as Record<string, unknown>;
      const { resourceVersion: _new, ...newMeta } = next.metadata;
      const changed =
        !existing ||
        JSON.stringify({ ...existing, metadata: oldMeta }) !== JSON.stringify({ ...next, metadata: newMeta });
      next.metadata.resourceVersion = changed ? String(++rv) : String(existing?.metadata.resourceVersion);
      if (options.autoReady) settle(next);
      objects.set(key(name), next);
      return json(existing ? 200 : 201, next);
    }
    return status(res, 405, 'MethodNotAllowed', 'method not allowed');

    function validate(object: Obj): (() => void) | undefined {
      const ports = (object.spec as { ports?: Array<{ nodePort?: number }> } | undefined)?.ports ?? [];
      const bad =
        object.kind === 'Service'
          ? ports.findIndex((p) => p.nodePort !== undefined && (p.nodePort < 30000 || p.nodePort > 32767))
          : -1;
      if (bad < 0) return undefined;
      const value = ports[bad]?.nodePort;
      const message = `Invalid value: ${value}: provided port is not in the valid range. The range of valid ports is 30000-32767`;
      return () =>
        status(
          res,
          422,
          'Invalid',
          `Service "${object.metadata.name}" is invalid: spec.ports[${bad}].nodePort: ${message}`,
          {
            name: object.metadata.name,
            kind: 'Service',
            causes: [{ reason: 'FieldValueInvalid', message, field: `spec.ports[${bad}].nodePort` }],
          },
        );
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'fake-api-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const ctx = options.context ?? 'fake';
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: ${ctx}\n  cluster:\n    server: ${url}\n    insecure-skip-tls-verify: true`,
      'users:',
      `- name: ${ctx}\n  user:\n    token: fake-token`,
      'contexts:',
      `- name: ${ctx}\n  context:\n    cluster: ${ctx}\n    user: ${ctx}`,
      `current-context: ${ctx}`,
      '',
    ].join('\n'),
  );
  return {
    url,
    kubeconfigPath,
    requests,
    objects,
    get refuseServerSideApply() {
      return state.refuseServerSideApply;
    },
    set refuseServerSideApply(value: boolean) {
      state.refuseServerSideApply = value;
    },
    put(object: Obj) {
      const info = Object.entries(RESOURCES)
        .flatMap(([v, list]) => list.map((r) => ({ ...r, v })))
        .find((r) => r.kind === object.kind && r.v === object.apiVersion);
      if (!info) throw new Error(`the fake API server has no ${object.apiVersion} ${object.kind}`);
      object.metadata.resourceVersion = String(++rv);
      objects.set(
        `${object.apiVersion}/${info.name}/${object.metadata.namespace ?? ''}/${object.metadata.name}`,
        object,
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
