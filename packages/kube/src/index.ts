// @workshop/kube: the workshop's only door to a Kubernetes API (kubeconfig, apply, waits, proxy, errors).
export { describeKubeError, isConflict, isNotFound, KubeApiError, type StatusBody } from './api-error.ts';
export { sortForApply } from './apply-order.ts';
export {
  type ApplyAction,
  type ApplyOptions,
  type ApplyResult,
  KubeClient,
  type ListOptions,
  type ProxyOptions,
} from './client.ts';
export { Discovery, type ResourceInfo } from './discovery.ts';
export { type KubeconfigOptions, loadKubeConfig } from './kubeconfig.ts';
export {
  type LoadedObject,
  loadManifests,
  ManifestError,
  manifestFiles,
  parseManifests,
} from './manifests.ts';
export { deploymentAvailable, describePod, podReady, type Verdict } from './readiness.ts';
export { KubeTransport, type RawResponse, type RequestOptions } from './transport.ts';
export { type KubeObject, type ObjectMeta, type ObjectRef, refOf } from './types.ts';
export { type Probe, type WaitOptions, WaitTimeoutError, waitFor } from './wait-for.ts';
