// The seam between the workshop and a cluster: every caller depends on ClusterRuntime, never on kind,
// the sim or a shared cluster directly.
import type { KubeClient } from '@workshop/kube';
import type { Progress } from './progress.ts';

export type RuntimeName = 'kind' | 'sim' | 'existing';
export const RUNTIME_NAMES: readonly RuntimeName[] = ['kind', 'sim', 'existing'];

export interface EntryPoints {
  /** Ingress controller's HTTP entry point, e.g. `http://127.0.0.1:8080`. */
  http: string;
  /** Ingress controller's HTTPS entry point. */
  https: string;
  /**
   * Why the entry points are not on 80/443 when they are not (e.g. `entry points on 8080/8443: ports
   * 80 and 443: this user may not bind ports below 1024`), from the one rule every runtime follows.
   */
  entryNote?: string;
  /** Host on which the labs' NodePorts answer (`<nodePortHost>:30000`). */
  nodePortHost: string;
  /** The NodePorts the host's 127.0.0.1 forwards to the node (kind: extraPortMappings), when known. */
  mappedNodePorts?: number[];
  /** The node's InternalIP, where every NodePort answers, when the host can reach it. */
  nodeIP?: string;
}

export interface RuntimeStatus extends EntryPoints {
  runtime: RuntimeName;
  running: boolean;
  /** Absolute path of the kubeconfig to use with kubectl and the grader. */
  kubeconfig: string;
  context: string;
  /** One line on the cluster's state, e.g. `daemon pid 4242, API http://127.0.0.1:41234`. */
  detail: string;
}

export interface RuntimeOptions {
  /** The repository's root (holds apps/, labs/, packages/). */
  repoRoot: string;
  /** Where runtime state goes; defaults to `<repoRoot>/.workshop`. */
  workshopDir?: string;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
  /** Host ports for the ingress entry points (kind: extraPortMappings; sim: host listeners). */
  httpPort?: number;
  httpsPort?: number;
  /** existing runtime: the kubeconfig context to use. */
  context?: string;
  /** existing runtime: the learner on a shared cluster (`ana` → namespaces `ana-lab-01`, …). */
  learner?: string;
  /** How long `up` may wait for the cluster and Traefik to be ready. */
  timeoutMs?: number;
}

export interface ClusterRuntime {
  readonly name: RuntimeName;
  /** Starts the cluster (or reuses a running one) with Traefik installed and ready. Safe to repeat. */
  up(): Promise<RuntimeStatus>;
  /** Stops and removes the cluster. Safe to repeat. */
  down(): Promise<void>;
  status(): Promise<RuntimeStatus>;
  /** A client for the running cluster (throws with a hint when it is not up). */
  client(): Promise<KubeClient>;
  /** The namespace a lab's namespace maps to (the existing runtime prefixes it per learner). */
  namespace(labNamespace: string): string;
  /** The image reference to deploy for an image the labs name (the existing runtime adds a registry). */
  image(reference: string): string;
  /** Labels to put on namespaces the workshop creates (so they can be found and removed). */
  namespaceLabels(): Record<string, string>;
}

export const WORKSHOP_NAMESPACE_LABELS = { 'app.kubernetes.io/part-of': 'service-ingress-workshop' } as const;
