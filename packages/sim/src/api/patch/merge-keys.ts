// Patch merge keys of the lists in the kinds the sim serves (the `patchMergeKey`/`patchStrategy`
// struct tags of k8s.io/api). Lists not named here are atomic: a patch replaces them.

/** `name` etc. for lists of maps merged by key; `$set` for primitive lists merged as sets. */
export type MergeKey = string;

const POD_SPEC: Record<string, MergeKey> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  'containers.ports': 'containerPort',
  'initContainers.ports': 'containerPort',
  'containers.env': 'name',
  'initContainers.env': 'name',
  'containers.volumeMounts': 'mountPath',
  'initContainers.volumeMounts': 'mountPath',
  'containers.volumeDevices': 'devicePath',
  'containers.resizePolicy': 'resourceName',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
};

const KEYS = new Map<string, MergeKey>([
  ['metadata.finalizers', '$set'],
  ['metadata.ownerReferences', 'uid'],
  ['spec.ports', 'port'],
  ['spec.finalizers', '$set'],
  ['status.conditions', 'type'],
  ['status.addresses', 'type'],
  ['status.containerStatuses', 'name'],
  ['status.podIPs', 'ip'],
  ['secrets', 'name'],
  ['imagePullSecrets', 'name'],
]);
for (const prefix of ['spec', 'spec.template.spec']) {
  for (const [path, key] of Object.entries(POD_SPEC)) KEYS.set(`${prefix}.${path}`, key);
}

/** The merge key of the list at `path` (dot-joined field names, no indexes), if it merges. */
export function mergeKeyFor(path: string): MergeKey | undefined {
  return KEYS.get(path);
}
