// The grading context handed to every check: the cluster client, the lab's namespaces as the runtime
// maps them, the entry points, and the helpers for the common proofs (a Service's type and ports,
// selection, endpoints, traffic from a Pod or the host, routing tables, certificates, DNS).

import type { Probe } from '@workshop/kube';
import { KubeClient, type KubeObject } from '@workshop/kube';
import type { EntryPoints, GradeContextData } from './context-data.ts';
import type { CheckEnv } from './env.ts';
import { fail } from './failure.ts';
import { type ConvergedRoutesOptions, expectConvergedRoutes } from './helpers/converged-routes.ts';
import {
  type EndpointInfo,
  expectReadyEndpoints,
  type ServiceEndpoints,
  serviceEndpoints,
} from './helpers/endpoints.ts';
import { entryPointUrl, fetchFromHost, type HostFetchOptions, nodePortUrl } from './helpers/host-traffic.ts';
import { getObject, requireObject } from './helpers/objects.ts';
import {
  ensureProbePod,
  expectDoesNotResolve,
  expectResolves,
  fetchFromPod,
  type PodFetchOptions,
  type Resolution,
  resolveFromPod,
} from './helpers/probe-pod.ts';
import { expectRoutes, type Route, type RoutesOptions } from './helpers/routes.ts';
import { expectServiceSelects, type SelectsOptions } from './helpers/selection.ts';
import {
  containerPort,
  expectSelectsReplicas,
  expectServiceType,
  type ServicePort,
  servicePort,
  servicePorts,
} from './helpers/services.ts';
import { expectCertificate, type ServedCertificate, servedCertificate } from './helpers/tls.ts';
import { backendPods, expectReaches, type ReachesOptions, type TrafficResult } from './helpers/traffic.ts';
import { type CheckWaitOptions, waitOrFail } from './helpers/waits.ts';

export class GradingContext implements CheckEnv {
  readonly lab: string;
  /** The lab's first namespace, as mapped by the runtime: where its objects live. */
  readonly namespace: string;
  readonly namespaces: string[];
  readonly entryPoints: EntryPoints;
  readonly probeImage: string;
  private readonly probes: Map<string, Promise<void>>;

  /** `namespace` and `probes` are for `inNamespace`: the lab's first namespace and a new map otherwise. */
  constructor(
    readonly kube: KubeClient,
    readonly data: GradeContextData,
    namespace?: string,
    probes?: Map<string, Promise<void>>,
  ) {
    this.lab = data.lab;
    this.namespaces = data.namespaces;
    this.namespace = namespace ?? data.namespaces[0] ?? 'default';
    this.entryPoints = data.entryPoints;
    this.probeImage = data.probeImage;
    this.probes = probes ?? new Map();
  }

  static async create(data: GradeContextData): Promise<GradingContext> {
    const kube = await KubeClient.fromKubeconfig({ kubeconfigPath: data.kubeconfig, context: data.context });
    return new GradingContext(kube, data);
  }

  /** The runtime's name for one of the lab's namespaces: `ns('lab-03-other')` → `alice-lab-03-other`. */
  ns(labNamespace: string): string {
    const i = this.data.labNamespaces.indexOf(labNamespace);
    return i >= 0 ? (this.namespaces[i] ?? labNamespace) : labNamespace;
  }

  /**
   * The same helpers aimed at another of the lab's namespaces (`inNamespace('lab-03-shop')`, mapped
   * by the runtime): Services, Deployments, endpoints and the probe Pod's default are looked up
   * there. Probe Pods already started are reused.
   */
  inNamespace(labNamespace: string): GradingContext {
    return new GradingContext(this.kube, this.data, this.ns(labNamespace), this.probes);
  }

  // — objects —
  get<T extends KubeObject = KubeObject>(
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<T | undefined> {
    return getObject<T>(this, kind, name, namespace);
  }
  /** The object, or a check failure saying it is missing. */
  require<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string): Promise<T> {
    return requireObject<T>(this, kind, name, namespace);
  }

  // — Services —
  /** Fails unless the Service exists with this type (no spec.type is ClusterIP). */
  expectServiceType(service: string, type: string): Promise<void> {
    return expectServiceType(this, service, type);
  }
  servicePorts(service: string): Promise<ServicePort[]> {
    return servicePorts(this, service);
  }
  /** The Service's entry for `port`, or a failure listing the ports it offers. */
  servicePort(service: string, port: number): Promise<ServicePort> {
    return servicePort(this, service, port);
  }
  /** The container port a targetPort (number or name) lands on in a Deployment's Pods. */
  containerPort(deployment: string, target: number | string): Promise<number | undefined> {
    return containerPort(this, deployment, target);
  }
  /** Selects the Deployment's Pods, `replicas` of them ready, and they are its endpoints. */
  expectSelectsReplicas(service: string, deployment: string, replicas: number): Promise<string[]> {
    return expectSelectsReplicas(this, service, deployment, replicas);
  }

  // — selection and endpoints —
  expectServiceSelects(service: string, options: SelectsOptions): Promise<string[]> {
    return expectServiceSelects(this, service, options);
  }
  endpoints(service: string): Promise<ServiceEndpoints> {
    return serviceEndpoints(this, service);
  }
  expectReadyEndpoints(
    service: string,
    expected: number | { pods: string[] },
    options?: CheckWaitOptions,
  ): Promise<EndpointInfo[]> {
    return expectReadyEndpoints(this, service, expected, options);
  }
  /** Ready Pods of a Deployment (names, sorted). */
  backendPods(deployment: string): Promise<string[]> {
    return backendPods(this, deployment);
  }

  // — traffic —
  /** Makes sure the grader's probe Pod runs (and is Ready) in `namespace`; reused across checks. */
  probeReady(namespace = this.namespace): Promise<void> {
    let ready = this.probes.get(namespace);
    if (!ready) {
      ready = ensureProbePod(this, namespace);
      ready.catch(() => this.probes.delete(namespace));
      this.probes.set(namespace, ready);
    }
    return ready;
  }
  fetchFromPod(url: string, options?: PodFetchOptions): Promise<TrafficResult> {
    return fetchFromPod(this, url, options);
  }
  fetchFromHost(url: string, options?: HostFetchOptions): Promise<TrafficResult> {
    return fetchFromHost(url, options);
  }
  /** Every request answered 2xx, from exactly the expected Pods. Returns the Pods that answered. */
  expectReaches(result: TrafficResult, options: ReachesOptions): Promise<string[]> {
    return expectReaches(this, result, options);
  }
  nodePortUrl(port: number, path?: string): string {
    return nodePortUrl(this, port, path);
  }
  entryPointUrl(path?: string, scheme?: 'http' | 'https'): string {
    return entryPointUrl(this, path, scheme);
  }
  expectRoutes(routes: Route[], options?: RoutesOptions): Promise<void> {
    return expectRoutes(this, routes, options);
  }
  /** The routes, judged once the controller routes as the stored Ingress says (by the spec). */
  expectConvergedRoutes(ingress: string, routes: Route[], options: ConvergedRoutesOptions): Promise<void> {
    return expectConvergedRoutes(this, ingress, routes, options);
  }

  // — TLS and DNS —
  servedCertificate(host: string): Promise<ServedCertificate> {
    return servedCertificate(this, host);
  }
  expectCertificate(
    host: string,
    options?: { secret?: string; timeoutMs?: number },
  ): Promise<ServedCertificate> {
    return expectCertificate(this, host, options);
  }
  resolve(name: string, options?: { namespace?: string }): Promise<Resolution> {
    return resolveFromPod(this, name, options);
  }
  expectResolves(
    name: string,
    options?: { namespace?: string; service?: { name: string; namespace?: string } },
  ): Promise<string[]> {
    return expectResolves(this, name, options);
  }
  expectDoesNotResolve(name: string, options?: { namespace?: string }): Promise<void> {
    return expectDoesNotResolve(this, name, options);
  }

  /** Fails the check: `expected <expected>, observed <observed>`. */
  fail(expected: string, observed: string): never {
    return fail(expected, observed);
  }

  /** Polls `probe` with a deadline; on timeout fails the check with `expected` and what was seen last. */
  waitFor<T>(expected: string, probe: Probe<T>, options?: CheckWaitOptions): Promise<T> {
    return waitOrFail(expected, probe, options);
  }
}
