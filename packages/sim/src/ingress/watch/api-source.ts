// The controller's view of a real (or sim) cluster: one informer per kind it reads, and Ingress
// status written with PUT …/status, all over HTTP with the Pod's kubeconfig.
import type { KubeObject } from '../../core/types.ts';
import type { Logger } from '../log.ts';
import type { ClusterState } from '../objects.ts';
import { type ApiCredentials, ApiHttpClient } from './api-client.ts';
import { Informer } from './informer.ts';
import type { LoadBalancerIngress, ObjectSource, StatusWriter } from './source.ts';

const RESOURCES: Array<{ field: keyof ClusterState; path: string; optional?: boolean; crd?: boolean }> = [
  { field: 'ingresses', path: '/apis/networking.k8s.io/v1/ingresses' },
  { field: 'ingressClasses', path: '/apis/networking.k8s.io/v1/ingressclasses' },
  { field: 'services', path: '/api/v1/services' },
  { field: 'endpointSlices', path: '/apis/discovery.k8s.io/v1/endpointslices' },
  { field: 'secrets', path: '/api/v1/secrets' },
  { field: 'middlewares', path: '/apis/traefik.io/v1alpha1/middlewares', optional: true, crd: true },
];

export class ApiSource implements ObjectSource, StatusWriter {
  private readonly client: ApiHttpClient;
  private readonly informers: Array<{ field: keyof ClusterState; informer: Informer }> = [];
  private scheduled = false;
  private onChange: ((state: ClusterState) => void) | undefined;
  private synced = false;

  constructor(
    credentials: ApiCredentials,
    private readonly options: { log: Logger; watchMiddlewares: boolean; retryDelayMs?: number },
  ) {
    this.client = new ApiHttpClient(credentials);
  }

  private snapshot(): ClusterState {
    const state = {} as ClusterState;
    for (const { field } of RESOURCES) state[field] = [];
    for (const { field, informer } of this.informers) state[field] = [...informer.items.values()];
    return state;
  }

  /** Coalesces bursts of watch events into one rebuild. */
  private schedule(): void {
    if (!this.synced || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.onChange?.(this.snapshot());
    });
  }

  async start(onChange: (state: ClusterState) => void): Promise<void> {
    this.onChange = onChange;
    for (const r of RESOURCES) {
      if (r.crd && !this.options.watchMiddlewares) continue;
      const informer = new Informer({
        client: this.client,
        path: r.path,
        resource: r.path.split('/').pop() ?? r.path,
        optional: r.optional,
        onChange: () => this.schedule(),
        log: this.options.log,
        retryDelayMs: this.options.retryDelayMs,
      });
      this.informers.push({ field: r.field, informer });
      informer.start();
    }
    await Promise.all(this.informers.map((i) => i.informer.hasSynced));
    this.synced = true;
    onChange(this.snapshot());
  }

  async stop(): Promise<void> {
    this.onChange = undefined;
    await Promise.all(this.informers.map((i) => i.informer.stop()));
  }

  async updateIngressStatus(ingress: KubeObject, addresses: LoadBalancerIngress[]): Promise<void> {
    const { namespace, name } = ingress.metadata;
    const body = {
      ...ingress,
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      status: { ...(ingress.status ?? {}), loadBalancer: { ingress: addresses } },
    };
    await this.client.requestJson(
      'PUT',
      `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(String(namespace))}/ingresses/${encodeURIComponent(String(name))}/status`,
      body,
    );
  }
}
