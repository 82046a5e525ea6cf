// The topology server-side apply needs of each kind the sim serves: which lists are associative
// (`x-kubernetes-list-type: map` and their `x-kubernetes-list-map-keys`), which are sets, and which
// maps and structs are atomic, as the Kubernetes v1.33 OpenAPI declares them. Anything not named
// here is "deduced" like structured-merge-diff does for unknown types: objects are granular maps,
// arrays are atomic lists (also what the real schema says of Ingress rules/paths/tls, EndpointSlice
// endpoints, args, command, envFrom, tolerations, clusterIPs, ipFamilies).

export type Schema =
  | { kind: 'scalar' }
  | { kind: 'deduced' }
  /** A struct or a string-keyed map; `fields` name the known ones, others are deduced. */
  | { kind: 'map'; fields: Record<string, Schema>; atomic?: boolean }
  | { kind: 'list'; list: 'atomic' | 'set' }
  | {
      kind: 'list';
      list: 'map';
      keys: string[];
      /** Key fields with an OpenAPI default (a ServicePort without protocol is keyed as TCP). */
      keyDefaults?: Record<string, unknown>;
      items: Schema;
    };

export type Resolved = Exclude<Schema, { kind: 'deduced' }>;

export const DEDUCED: Schema = { kind: 'deduced' };
const SCALAR: Resolved = { kind: 'scalar' };
const ATOMIC_LIST: Resolved = { kind: 'list', list: 'atomic' };
const DEDUCED_MAP: Resolved = { kind: 'map', fields: {} };
const ATOMIC_MAP: Schema = { kind: 'map', fields: {}, atomic: true };

function struct(fields: Record<string, Schema>): Schema {
  return { kind: 'map', fields };
}

function keyed(keys: string[], items: Schema = DEDUCED, keyDefaults?: Record<string, unknown>): Schema {
  return { kind: 'list', list: 'map', keys, items, ...(keyDefaults ? { keyDefaults } : {}) };
}

const OBJECT_META = struct({
  finalizers: { kind: 'list', list: 'set' },
  ownerReferences: keyed(['uid']),
  managedFields: ATOMIC_LIST,
});

const ENV_VAR = struct({
  valueFrom: struct({
    fieldRef: ATOMIC_MAP,
    resourceFieldRef: ATOMIC_MAP,
    configMapKeyRef: ATOMIC_MAP,
    secretKeyRef: ATOMIC_MAP,
  }),
});

const CONTAINER = struct({
  ports: keyed(['containerPort', 'protocol'], DEDUCED, { protocol: 'TCP' }),
  env: keyed(['name'], ENV_VAR),
  volumeMounts: keyed(['mountPath']),
  volumeDevices: keyed(['devicePath']),
});

const POD_SPEC = struct({
  containers: keyed(['name'], CONTAINER),
  initContainers: keyed(['name'], CONTAINER),
  ephemeralContainers: keyed(['name'], CONTAINER),
  volumes: keyed(['name']),
  imagePullSecrets: keyed(['name']),
  hostAliases: keyed(['ip']),
  topologySpreadConstraints: keyed(
    ['topologyKey', 'whenUnsatisfiable'],
    struct({ labelSelector: ATOMIC_MAP }),
  ),
  resourceClaims: keyed(['name']),
  schedulingGates: keyed(['name']),
  nodeSelector: ATOMIC_MAP,
});

const CONDITIONS_STATUS = struct({ conditions: keyed(['type']) });

const WORKLOAD_SPEC = struct({
  selector: ATOMIC_MAP,
  template: struct({ metadata: OBJECT_META, spec: POD_SPEC }),
});

const SPECS: Record<string, Schema> = {
  Service: struct({
    ports: keyed(['port', 'protocol'], DEDUCED, { protocol: 'TCP' }),
    selector: ATOMIC_MAP,
  }),
  Pod: POD_SPEC,
  Deployment: WORKLOAD_SPEC,
  ReplicaSet: WORKLOAD_SPEC,
  Ingress: struct({ defaultBackend: struct({ resource: ATOMIC_MAP }) }),
};

/** The root schema of objects of `kind` (built-in kinds the sim knows; anything else is deduced). */
export function schemaFor(kind: string): Schema {
  return struct({
    metadata: OBJECT_META,
    spec: SPECS[kind] ?? DEDUCED,
    status: CONDITIONS_STATUS,
  });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The concrete shape of `value` under `schema`; a value of another JSON type than declared is a leaf. */
export function resolve(schema: Schema, value: unknown): Resolved {
  if (schema.kind === 'deduced') {
    if (Array.isArray(value)) return ATOMIC_LIST;
    if (isPlainObject(value)) return DEDUCED_MAP;
    return SCALAR;
  }
  if (schema.kind === 'map' && value !== undefined && value !== null && !isPlainObject(value)) return SCALAR;
  if (schema.kind === 'list' && value !== undefined && value !== null && !Array.isArray(value)) return SCALAR;
  return schema;
}

export function fieldSchema(map: Extract<Schema, { kind: 'map' }>, name: string): Schema {
  return map.fields[name] ?? DEDUCED;
}

/**
 * The fields a created object of `kind` starts from before the request's values, like the zero value
 * of its Go struct: non-pointer structs (`spec`, a template's `metadata`/`spec`) and non-omitempty
 * lists (`containers`) exist already, so an Update manager does not own them as wholes (`.`).
 */
export function emptyObject(kind: string): Record<string, unknown> {
  const podSpec = { containers: null };
  switch (kind) {
    case 'Pod':
      return { metadata: {}, spec: podSpec, status: {} };
    case 'Deployment':
    case 'ReplicaSet':
      return {
        metadata: {},
        spec: {
          template: { metadata: {}, spec: podSpec },
          ...(kind === 'Deployment' ? { strategy: {} } : {}),
        },
        status: {},
      };
    case 'Service':
    case 'Ingress':
      return { metadata: {}, spec: {}, status: { loadBalancer: {} } };
    case 'Namespace':
    case 'Node':
    case 'IngressClass':
      return { metadata: {}, spec: {}, ...(kind === 'IngressClass' ? {} : { status: {} }) };
    default:
      return { metadata: {} };
  }
}
