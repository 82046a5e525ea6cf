// The `existing` runtime: whatever cluster a kubeconfig context points at (a shared training cluster,
// Docker Desktop, k3d). Nothing is created or deleted except the learner's own namespaces, which carry
// a per-learner prefix; images come from a configurable registry; entry points come from env vars,
// since only the instructor knows the cluster's ingress address.
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { KubeClient, loadKubeConfig } from '@workshop/kube';
import { environmentError, RuntimeError } from '../errors.ts';
import { type Progress, silentProgress } from '../progress.ts';
import { installTraefik } from '../traefik.ts';
import {
  type ClusterRuntime,
  type RuntimeOptions,
  type RuntimeStatus,
  WORKSHOP_NAMESPACE_LABELS,
} from '../types.ts';

/** Namespaces the workshop creates are labelled so `down` can find exactly those. */
export const NAMESPACE_PREFIX_LABEL = 'workshop.dev/namespace-prefix';

/**
 * A learner's name as it goes into namespace names: a DNS label short enough that
 * `<learner>-lab-NN` stays within 63 characters.
 */
export function learnerName(name: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$/.test(name)) {
    throw new RuntimeError(
      `--learner must be lower-case letters, digits and '-', at most 50 characters, starting and ending with a letter or digit; found "${name}"`,
    );
  }
  return name;
}

export class ExistingRuntime implements ClusterRuntime {
  readonly name = 'existing' as const;
  private readonly env: NodeJS.ProcessEnv;
  private readonly progress: Progress;

  constructor(private readonly options: RuntimeOptions) {
    this.env = options.env ?? process.env;
    this.progress = options.progress ?? silentProgress;
  }

  /** $KUBECONFIG's first file (as kubectl writes to it), else ~/.kube/config. */
  get kubeconfigPath(): string {
    const first = this.env.KUBECONFIG?.split(delimiter).find(Boolean);
    return resolve(first ?? join(this.env.HOME ?? homedir(), '.kube', 'config'));
  }

  async currentContext(): Promise<string> {
    const kc = await loadKubeConfig({
      kubeconfigPath: this.kubeconfigPath,
      context: this.options.context ?? this.env.WORKSHOP_CONTEXT,
    });
    return kc.getCurrentContext();
  }

  /** `<learner>-` with --learner (or WORKSHOP_LEARNER), else WORKSHOP_NAMESPACE_PREFIX, else none. */
  get prefix(): string {
    const learner = this.options.learner ?? this.env.WORKSHOP_LEARNER;
    if (learner) return `${learnerName(learner)}-`;
    return this.env.WORKSHOP_NAMESPACE_PREFIX ?? '';
  }

  async up(): Promise<RuntimeStatus> {
    const kube = await this.client();
    const context = await this.currentContext();
    await this.progress.step(`Checking the cluster of context "${context}"`, async () => {
      try {
        await kube.request({ path: '/version', timeoutMs: 10_000 });
      } catch (error) {
        throw environmentError(
          `the cluster of context "${context}" does not answer: ${(error as Error).message}`,
          error,
        );
      }
    });
    if (this.env.WORKSHOP_INSTALL_TRAEFIK === '1' || this.env.WORKSHOP_INSTALL_TRAEFIK === 'true') {
      await installTraefik(kube, { progress: this.progress, crds: true, timeoutMs: this.options.timeoutMs });
    } else {
      const ingressClass = await kube.get({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        name: 'traefik',
      });
      if (!ingressClass) {
        this.progress.info(
          'this cluster has no IngressClass "traefik"; ask the instructor, or set WORKSHOP_INSTALL_TRAEFIK=1 to install it',
        );
      }
    }
    return this.status();
  }

  /** Removes the learner's namespaces (never the cluster). */
  async down(): Promise<void> {
    const kube = await this.client();
    await this.progress.step(
      `Deleting the workshop namespaces${this.prefix ? ` with prefix ${this.prefix}` : ''}`,
      async () => {
        const selector = `${NAMESPACE_PREFIX_LABEL}=${this.prefix ? this.prefix.replace(/[^A-Za-z0-9_.-]/g, '') : 'none'}`;
        const namespaces = await kube.list('v1', 'Namespace', { labelSelector: selector });
        for (const ns of namespaces) await kube.deleteNamespace(ns.metadata.name ?? '', { wait: false });
        this.progress.info(
          namespaces.length
            ? `deleted ${namespaces.map((n) => n.metadata.name).join(', ')}`
            : 'no workshop namespaces to delete',
        );
      },
    );
  }

  async status(): Promise<RuntimeStatus> {
    let running = false;
    let detail: string;
    let context = '';
    try {
      context = await this.currentContext();
      const kube = await this.client();
      await kube.request({ path: '/version', timeoutMs: 5_000 });
      running = true;
      detail = `context "${context}" at ${kube.server}`;
    } catch (error) {
      detail = (error as Error).message;
    }
    return {
      runtime: 'existing',
      running,
      kubeconfig: this.kubeconfigPath,
      context,
      http: this.env.WORKSHOP_HTTP_URL ?? 'http://127.0.0.1',
      https: this.env.WORKSHOP_HTTPS_URL ?? 'https://127.0.0.1',
      nodePortHost: this.env.WORKSHOP_NODEPORT_HOST ?? '127.0.0.1',
      detail,
    };
  }

  async client(): Promise<KubeClient> {
    try {
      return await KubeClient.fromKubeconfig({
        kubeconfigPath: this.kubeconfigPath,
        context: this.options.context ?? this.env.WORKSHOP_CONTEXT,
      });
    } catch (error) {
      throw environmentError((error as Error).message, error);
    }
  }

  namespace(labNamespace: string): string {
    return `${this.prefix}${labNamespace}`;
  }

  /** `workshop/backend:0.1.0` → `ghcr.io/org/workshop/backend:0.1.0` with WORKSHOP_IMAGE_REGISTRY=ghcr.io/org/. */
  image(reference: string): string {
    const registry = this.env.WORKSHOP_IMAGE_REGISTRY;
    if (!registry || !reference.startsWith('workshop/')) return reference;
    return `${registry.endsWith('/') ? registry : `${registry}/`}${reference}`;
  }

  /** Labels for the namespaces the workshop creates here, so `down` removes only those. */
  namespaceLabels(): Record<string, string> {
    return {
      ...WORKSHOP_NAMESPACE_LABELS,
      [NAMESPACE_PREFIX_LABEL]: this.prefix ? this.prefix.replace(/[^A-Za-z0-9_.-]/g, '') : 'none',
    };
  }
}
