// Where the controller's view of the cluster comes from. In a Pod it is the API over HTTP
// (api-source.ts); tests hand it a StaticSource they change by hand.
import type { KubeObject } from '../../core/types.ts';
import { type ClusterState, emptyClusterState } from '../objects.ts';

export interface ObjectSource {
  /** Starts delivering snapshots to onChange; resolves once the first full list has arrived. */
  start(onChange: (state: ClusterState) => void): Promise<void>;
  stop(): Promise<void>;
}

export type LoadBalancerIngress = { ip?: string; hostname?: string };

export interface StatusWriter {
  /** PUT …/ingresses/<name>/status with status.loadBalancer.ingress replaced. */
  updateIngressStatus(ingress: KubeObject, addresses: LoadBalancerIngress[]): Promise<void>;
}

/** A source whose state tests set directly. */
export class StaticSource implements ObjectSource {
  private state: ClusterState;
  private listener: ((state: ClusterState) => void) | undefined;

  constructor(initial: ClusterState = emptyClusterState()) {
    this.state = initial;
  }

  async start(onChange: (state: ClusterState) => void): Promise<void> {
    this.listener = onChange;
    onChange(this.state);
  }

  set(state: ClusterState): void {
    this.state = state;
    this.listener?.(state);
  }

  async stop(): Promise<void> {
    this.listener = undefined;
  }
}
