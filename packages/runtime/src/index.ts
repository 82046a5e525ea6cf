// @workshop/runtime: one ClusterRuntime interface and its drivers (kind, sim, existing).
import { ExistingRuntime } from './existing/driver.ts';
import { KindRuntime } from './kind/driver.ts';
import { SimRuntime, type SimRuntimeOptions } from './sim/driver.ts';
import type { ClusterRuntime, RuntimeName } from './types.ts';

export { registerCleanup, runCleanups } from './cleanup.ts';
export { environmentError, RuntimeError } from './errors.ts';
export { ExistingRuntime, learnerName, NAMESPACE_PREFIX_LABEL } from './existing/driver.ts';
export { kindConfig, kindConfigYaml } from './kind/config.ts';
export { KindRuntime } from './kind/driver.ts';
export { detectEngine, type Engine, type Provider, platformArch, whichProvider } from './kind/engine.ts';
export { BUILD_HASH_LABEL, backendBuildHash, qualifiedImage } from './kind/image.ts';
export {
  CLOUD_PROVIDER_KIND_CONTAINER,
  CLOUD_PROVIDER_KIND_IMAGE,
  KIND_CLUSTER_NAME,
  KIND_CONTEXT,
  KIND_NODE,
  KIND_NODE_IMAGE,
  KIND_VERSION,
  LAB_NODE_PORTS,
  nodeImageTag,
} from './kind/versions.ts';
export type { LabSetup, LabSetupContext } from './lab-context.ts';
export { readJson, workshopDir, writeJson } from './paths.ts';
export {
  checkPort,
  chooseEntryPorts,
  defaultEntryPorts,
  type EntryPortChoice,
  type EntryPortPublisher,
  entryPortProbe,
  isPortFree,
  type PortChecker,
  type PortHolder,
  type PortState,
  portHolder,
  portHolderProcess,
} from './ports.ts';
export { isAlive, stopProcess } from './process.ts';
export { createProgress, type Progress, type ProgressOptions, silentProgress } from './progress.ts';
export {
  chooseRuntime,
  forgetRuntime,
  parseRuntimeName,
  type RuntimeChoice,
  rememberedRuntime,
  rememberRuntime,
  SIM_FALLBACK_NOTICE,
} from './select.ts';
export { type ClusterInfo, inspectDaemon, simPaths } from './sim/daemon.ts';
export { SIM_DAEMON_PATH, SimRuntime, type SimRuntimeOptions } from './sim/driver.ts';
export { dockerAnswers, kindAnswers, probe, type ToolProbe } from './tools.ts';
export {
  installTraefik,
  TRAEFIK_CRDS,
  TRAEFIK_MANIFESTS,
  TRAEFIK_MANIFESTS_ANNOTATION,
  TRAEFIK_NAMESPACE,
  TRAEFIK_VERSION,
  traefikManifestsHash,
} from './traefik.ts';
export {
  type ClusterRuntime,
  type EntryPoints,
  RUNTIME_NAMES,
  type RuntimeName,
  type RuntimeOptions,
  type RuntimeStatus,
  WORKSHOP_NAMESPACE_LABELS,
} from './types.ts';

export function createRuntime(name: RuntimeName, options: SimRuntimeOptions): ClusterRuntime {
  switch (name) {
    case 'kind':
      return new KindRuntime(options);
    case 'sim':
      return new SimRuntime(options);
    case 'existing':
      return new ExistingRuntime(options);
  }
}
