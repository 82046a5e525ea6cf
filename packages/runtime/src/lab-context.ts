// What a lab's own script (labs/<nn>-<slug>/setup.ts, `export async function setup(ctx)`) receives.
// It lives here, not in scripts/, because labs may import runtime but nothing imports scripts.
import type { KubeClient } from '@workshop/kube';
import type { $ } from 'zx';
import type { ClusterRuntime, RuntimeStatus } from './types.ts';

export interface LabSetupContext {
  /** The lab's id, e.g. "01". */
  id: string;
  /** Absolute path of the lab folder. */
  dir: string;
  kube: KubeClient;
  /** The lab's first namespace, as mapped by the runtime (e.g. `alice-lab-01` on a shared cluster). */
  namespace: string;
  /** All of the lab's namespaces, mapped. */
  namespaces: string[];
  runtime: ClusterRuntime;
  status: RuntimeStatus;
  /** Runs one step with a ` • title …` / ` ✓ title (1.2s)` progress line. */
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** A plain ` • message` line. */
  info(message: string): void;
  /** zx's `$`, with KUBECONFIG pointing at the cluster (so `kubectl` works) and output quiet. */
  $: typeof $;
}

export type LabSetup = (ctx: LabSetupContext) => Promise<void>;
