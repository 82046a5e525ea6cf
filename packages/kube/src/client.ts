// The workshop's Kubernetes client: apply, get, list, delete, waits and proxy requests against any
// cluster a kubeconfig points at (kind, the sim, a shared cluster). Every caller goes through it.
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound, KubeApiError } from './api-error.ts';
import { Discovery } from './discovery.ts';
import { type KubeconfigOptions, loadKubeConfig } from './kubeconfig.ts';
import { deploymentAvailable, describePod, podReady } from './readiness.ts';
import { KubeTransport, type RawResponse, type RequestOptions } from './transport.ts';
import { type KubeObject, type ObjectRef, refOf } from './types.ts';
import { type Probe, type WaitOptions, waitFor } from './wait-for.ts';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
  object: KubeObject;
  action: ApplyAction;
  /** `Service lab-01/api-service` */
  ref: string;
}

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none. */
  namespace?: string;
  /** Recorded as the field manager (server-side apply owner). */
  fieldManager?: string;
  /** Take over fields owned by other managers (kubectl apply --server-side --force-conflicts). */
  force?: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ProxyOptions {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export class KubeClient {
  readonly transport: KubeTransport;
  readonly discovery: Discovery;
  /** Set when the server does not speak server-side apply; apply then uses create or merge patch. */
  private applyFallback = false;

  constructor(readonly kubeConfig: KubeConfig) {
    this.transport = new KubeTransport(kubeConfig);
    this.discovery = new Discovery(this.transport);
  }

  static async fromKubeconfig(options: KubeconfigOptions = {}): Promise<KubeClient> {
    return new KubeClient(await loadKubeConfig(options));
  }

  get server(): string {
    return this.transport.server;
  }

  request<T = unknown>(options: RequestOptions): Promise<T> {
    return this.transport.json<T>(options);
  }

  /** The object, or undefined when it does not exist. */
  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.transport.json<T>({ path: await this.discovery.path(ref) });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    options: ListOptions = {},
  ): Promise<T[]> {
    const info = await this.discovery.resource(apiVersion, kind);
    let path = Discovery.groupVersionPath(apiVersion);
    if (info.namespaced && options.namespace) path += `/namespaces/${encodeURIComponent(options.namespace)}`;
    path += `/${info.name}`;
    const query = new URLSearchParams();
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    const list = await this.transport.json<{ items?: T[] }>({ path: query.size ? `${path}?${query}` : path });
    const items = list.items ?? [];
    // Lists leave kind/apiVersion off their items; put them back so items can be re-applied or deleted.
    for (const item of items) {
      item.apiVersion ??= apiVersion;
      item.kind ??= kind;
    }
    return items;
  }

  /**
   * Creates or updates every object, in order (namespaces and CRDs first is the caller's job).
   * Uses server-side apply; falls back to create-or-merge-patch on servers that refuse it.
   */
  async apply(objects: KubeObject[], options: ApplyOptions = {}): Promise<ApplyResult[]> {
    const results: ApplyResult[] = [];
    for (const original of objects) {
      const object = structuredClone(original);
      const info = await this.discovery.resource(object.apiVersion, object.kind);
      if (info.namespaced) object.metadata.namespace ??= options.namespace ?? 'default';
      else delete object.metadata.namespace;
      const name = object.metadata.name;
      if (!name) throw new Error(`${object.kind} has no metadata.name; give it a name before applying it`);
      const ref: ObjectRef = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name,
        namespace: object.metadata.namespace,
      };
      try {
        results.push(await this.applyOne(object, ref, options));
      } catch (error) {
        if (error instanceof KubeApiError) throw error;
        throw new Error(`applying ${refOf(object)} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return results;
  }

  private async applyOne(object: KubeObject, ref: ObjectRef, options: ApplyOptions): Promise<ApplyResult> {
    const fieldManager = options.fieldManager ?? 'workshop';
    const itemPath = await this.discovery.path(ref);
    const before = await this.get(ref);
    const action = (after: KubeObject): ApplyAction =>
      !before
        ? 'created'
        : before.metadata.resourceVersion === after.metadata.resourceVersion
          ? 'unchanged'
          : 'configured';
    if (!this.applyFallback) {
      const query = new URLSearchParams({
        fieldManager,
        fieldValidation: 'Strict',
        force: String(options.force ?? true),
      });
      try {
        const after = await this.transport.json<KubeObject>({
          method: 'PATCH',
          path: `${itemPath}?${query}`,
          body: object,
          contentType: 'application/apply-patch+yaml',
        });
        return { object: after, action: action(after), ref: refOf(after) };
      } catch (error) {
        // 415: this server has no server-side apply; remember and use the older protocol.
        if (!(error instanceof KubeApiError && error.code === 415)) throw error;
        this.applyFallback = true;
      }
    }
    const query = new URLSearchParams({ fieldManager, fieldValidation: 'Strict' });
    if (!before) {
      const collection = await this.discovery.path({ ...ref, name: undefined });
      const after = await this.transport.json<KubeObject>({
        method: 'POST',
        path: `${collection}?${query}`,
        body: object,
      });
      return { object: after, action: 'created', ref: refOf(after) };
    }
    const after = await this.transport.json<KubeObject>({
      method: 'PATCH',
      path: `${itemPath}?${query}`,
      body: object,
      contentType: 'application/merge-patch+json',
    });
    return { object: after, action: action(after), ref: refOf(after) };
  }

  /** Deletes an object; true when it existed. Waiting for it to be gone is `waitForDeletion`. */
  async delete(
    ref: ObjectRef,
    options: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' } = {},
  ): Promise<boolean> {
    try {
      await this.transport.json({
        method: 'DELETE',
        path: await this.discovery.path(ref),
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: options.propagationPolicy ?? 'Background',
        },
      });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async waitForDeletion(ref: ObjectRef, options: WaitOptions = {}): Promise<void> {
    await waitFor(
      `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} to be deleted`,
      async () => {
        const object = await this.get(ref);
        return object
          ? {
              done: false,
              seen: `it still exists${object.metadata.deletionTimestamp ? ' (terminating)' : ''}`,
            }
          : { done: true, value: undefined };
      },
      options,
    );
  }

  /** Creates the namespace when missing (labels are merged in when it exists). */
  async ensureNamespace(name: string, labels: Record<string, string> = {}): Promise<void> {
    const existing = await this.get({ apiVersion: 'v1', kind: 'Namespace', name });
    if (existing?.metadata.deletionTimestamp) {
      await this.waitForDeletion({ apiVersion: 'v1', kind: 'Namespace', name }, { timeoutMs: 120_000 });
    }
    await this.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }]);
  }

  async deleteNamespace(name: string, options: WaitOptions & { wait?: boolean } = {}): Promise<boolean> {
    const ref = { apiVersion: 'v1', kind: 'Namespace', name };
    const existed = await this.delete(ref);
    if (existed && options.wait !== false)
      await this.waitForDeletion(ref, { timeoutMs: 120_000, ...options });
    return existed;
  }

  waitFor<T>(description: string, probe: Probe<T>, options?: WaitOptions): Promise<T> {
    return waitFor(description, probe, options);
  }

  /** Waits until the Deployment has all replicas updated and available (kubectl rollout status). */
  async waitForDeploymentAvailable(
    namespace: string,
    name: string,
    options: WaitOptions = {},
  ): Promise<KubeObject> {
    return waitFor(
      `Deployment ${namespace}/${name} to be available`,
      async () => {
        const deployment = await this.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });
        if (!deployment) return { done: false, seen: 'the Deployment does not exist' };
        const verdict = deploymentAvailable(deployment);
        if (verdict.ready) return { done: true, value: deployment };
        return { done: false, seen: `${verdict.seen}${await this.podSummary(namespace, deployment)}` };
      },
      { timeoutMs: 120_000, ...options },
    );
  }

  async waitForPodReady(namespace: string, name: string, options: WaitOptions = {}): Promise<KubeObject> {
    return waitFor(
      `Pod ${namespace}/${name} to be Ready`,
      async () => {
        const pod = await this.get({ apiVersion: 'v1', kind: 'Pod', namespace, name });
        if (!pod) return { done: false, seen: 'the Pod does not exist' };
        const verdict = podReady(pod);
        return verdict.ready ? { done: true, value: pod } : { done: false, seen: verdict.seen };
      },
      { timeoutMs: 120_000, ...options },
    );
  }

  /** Waits until at least `minCount` Pods match the selector and all of them are Ready. */
  async waitForPodsReady(
    namespace: string,
    labelSelector: string,
    options: WaitOptions & { minCount?: number } = {},
  ): Promise<KubeObject[]> {
    const minCount = options.minCount ?? 1;
    return waitFor(
      `Pods ${labelSelector} in ${namespace} to be Ready`,
      async () => {
        const pods = (await this.list('v1', 'Pod', { namespace, labelSelector })).filter(
          (p) => !p.metadata.deletionTimestamp,
        );
        const verdicts = pods.map(podReady);
        if (pods.length >= minCount && verdicts.every((v) => v.ready)) return { done: true, value: pods };
        return {
          done: false,
          seen: pods.length ? verdicts.map((v) => v.seen).join(', ') : `no Pods match ${labelSelector}`,
        };
      },
      { timeoutMs: 120_000, ...options },
    );
  }

  /** GET/POST through the API server's pods proxy: /api/v1/namespaces/{ns}/pods/{name}:{port}/proxy/{path}. */
  proxyPod(
    namespace: string,
    pod: string,
    port: number | string,
    path: string,
    options: ProxyOptions = {},
  ): Promise<RawResponse> {
    return this.proxy('pods', namespace, pod, port, path, options);
  }

  /** Same through the services proxy (the API server picks an endpoint). */
  proxyService(
    namespace: string,
    service: string,
    port: number | string,
    path: string,
    options: ProxyOptions = {},
  ): Promise<RawResponse> {
    return this.proxy('services', namespace, service, port, path, options);
  }

  private proxy(
    kind: 'pods' | 'services',
    namespace: string,
    name: string,
    port: number | string,
    path: string,
    options: ProxyOptions,
  ): Promise<RawResponse> {
    const tail = path.startsWith('/') ? path.slice(1) : path;
    return this.transport.raw({
      method: options.method ?? 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/${kind}/${encodeURIComponent(name)}:${port}/proxy/${tail}`,
      body: options.body,
      headers: options.headers,
      accept: '*/*',
      contentType: options.headers?.['Content-Type'] ?? 'application/octet-stream',
      timeoutMs: options.timeoutMs,
    });
  }

  /** The Pods behind a Deployment, as `; pods: web-1 Running, web-2 Pending (ErrImagePull: …)`. */
  private async podSummary(namespace: string, deployment: KubeObject): Promise<string> {
    const labels = (deployment.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)
      ?.selector?.matchLabels;
    if (!labels) return '';
    try {
      const selector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const pods = await this.list('v1', 'Pod', { namespace, labelSelector: selector });
      return pods.length ? `; pods: ${pods.map(describePod).join(', ')}` : '; no Pods yet';
    } catch {
      return '';
    }
  }
}
