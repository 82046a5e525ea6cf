// The narrow view of the cluster every helper takes: the client, the lab's namespaces as the runtime
// maps them, the entry points and the probe Pod. GradingContext implements it; helpers never import
// the context itself, so nothing here imports in a circle.
import type { KubeClient } from '@workshop/kube';
import type { EntryPoints } from './context-data.ts';

export interface CheckEnv {
  readonly kube: KubeClient;
  /** The lab's first namespace, as mapped by the runtime: where its objects live. */
  readonly namespace: string;
  readonly namespaces: string[];
  readonly entryPoints: EntryPoints;
  readonly probeImage: string;
  /** Makes sure the grader's probe Pod runs (and is Ready) in `namespace`; reused across checks. */
  probeReady(namespace?: string): Promise<void>;
}
