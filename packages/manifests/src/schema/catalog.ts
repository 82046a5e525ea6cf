// Which apiVersion/kind pairs exist, and their validators, taken from kubernetes-models (generated from the
// Kubernetes OpenAPI), plus the versions the API server no longer serves and what replaced them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('kubernetes-models/package.json'));

/** Group/versions the package ships, e.g. `v1`, `apps/v1`, `networking.k8s.io/v1` (from its exports map). */
export const groupVersions: ReadonlySet<string> = new Set(
  Object.keys(
    (
      JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
        exports: Record<string, unknown>;
      }
    ).exports,
  )
    .map((key) => /^\.\/(.+)\/\*$/.exec(key)?.[1])
    .filter((gv): gv is string => gv !== undefined),
);

export const groups: ReadonlySet<string> = new Set([...groupVersions].map((gv) => groupOf(gv)));

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Versions removed from the API server (Kubernetes deprecation guide), by group/version, with the release
 * that removed them; a kind listed separately was removed later than the rest of its group/version.
 */
const REMOVED: Record<string, { removedIn: string; kinds?: Record<string, string> }> = {
  'extensions/v1beta1': { removedIn: 'v1.16', kinds: { Ingress: 'v1.22', PodSecurityPolicy: 'v1.25' } },
  'apps/v1beta1': { removedIn: 'v1.16' },
  'apps/v1beta2': { removedIn: 'v1.16' },
  'networking.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'rbac.authorization.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'apiextensions.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'admissionregistration.k8s.io/v1beta1': {
    removedIn: 'v1.22',
    kinds: { ValidatingAdmissionPolicy: 'still served', ValidatingAdmissionPolicyBinding: 'still served' },
  },
  'apiregistration.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'authentication.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'authorization.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'certificates.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'coordination.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'scheduling.k8s.io/v1beta1': { removedIn: 'v1.22' },
  'storage.k8s.io/v1beta1': { removedIn: 'v1.22', kinds: { CSIStorageCapacity: 'v1.27' } },
  'batch/v1beta1': { removedIn: 'v1.25' },
  'discovery.k8s.io/v1beta1': { removedIn: 'v1.25' },
  'events.k8s.io/v1beta1': { removedIn: 'v1.25' },
  'autoscaling/v2beta1': { removedIn: 'v1.25' },
  'policy/v1beta1': { removedIn: 'v1.25' },
  'node.k8s.io/v1beta1': { removedIn: 'v1.25' },
  'autoscaling/v2beta2': { removedIn: 'v1.26' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { removedIn: 'v1.26' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { removedIn: 'v1.29' },
  'flowcontrol.apiserver.k8s.io/v1beta3': { removedIn: 'v1.32' },
};

/** The release that stopped serving `kind` in `apiVersion`, or undefined if it is still served. */
export function removedIn(apiVersion: string, kind: string): string | undefined {
  const entry = REMOVED[apiVersion];
  if (!entry) return undefined;
  const release = entry.kinds?.[kind] ?? entry.removedIn;
  return release === 'still served' ? undefined : release;
}

/** File names in a group/version directory: candidate kinds (the directory also holds nested types). */
const typeNameCache = new Map<string, string[]>();
function typeNames(apiVersion: string): string[] {
  if (!groupVersions.has(apiVersion)) return [];
  let names = typeNameCache.get(apiVersion);
  if (!names) {
    names = readdirSync(join(packageDir, apiVersion))
      .filter((name) => name.endsWith('.mjs') && name !== 'index.mjs')
      .map((name) => name.slice(0, -'.mjs'.length));
    typeNameCache.set(apiVersion, names);
  }
  return names;
}

export interface KindSchema {
  apiVersion: string;
  kind: string;
  /** Runs the generated validator with `value` as the object; returns its errors (ajv shape). */
  validate(value: unknown): SchemaError[];
}

export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type ModelClass = { apiVersion?: string; kind?: string; prototype: { validate(this: unknown): void } };
const cache = new Map<string, Promise<KindSchema | undefined>>();

/**
 * Loads the schema of a top-level kind. Only names that exist as files of a known group/version are ever
 * imported, so nothing a manifest says can make us import anything else.
 */
export function loadKind(apiVersion: string, kind: string): Promise<KindSchema | undefined> {
  const key = `${apiVersion}|${kind}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = importKind(apiVersion, kind);
    cache.set(key, loaded);
  }
  return loaded;
}

async function importKind(apiVersion: string, kind: string): Promise<KindSchema | undefined> {
  if (!groupVersions.has(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  if (!existsSync(join(packageDir, apiVersion, `${kind}.mjs`))) return undefined;
  const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, ModelClass>;
  const model = module[kind];
  // Nested types (ServicePort) have no apiVersion/kind of their own: they are not kinds.
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
  return {
    apiVersion,
    kind,
    validate(value) {
      try {
        model.prototype.validate.call(value);
        return [];
      } catch (error) {
        const errors = (error as { errors?: SchemaError[] }).errors;
        if (Array.isArray(errors)) return errors;
        throw new Error(`the ${kind} validator from kubernetes-models failed unexpectedly`, { cause: error });
      }
    },
  };
}

/** Kinds of a group/version whose name equals `kind` ignoring case (`service` → `Service`). */
export async function kindIgnoringCase(apiVersion: string, kind: string): Promise<string | undefined> {
  const lower = kind.toLowerCase();
  for (const name of typeNames(apiVersion)) {
    if (name.toLowerCase() === lower && (await loadKind(apiVersion, name))) return name;
  }
  return undefined;
}

/** Served group/versions that have `kind`, stable versions first (`apps/v1` before `apps/v1beta2`). */
export async function versionsServing(kind: string): Promise<string[]> {
  const found: string[] = [];
  for (const apiVersion of groupVersions) {
    if (removedIn(apiVersion, kind)) continue;
    if (existsSync(join(packageDir, apiVersion, `${kind}.mjs`)) && (await loadKind(apiVersion, kind))) {
      found.push(apiVersion);
    }
  }
  const stable = (gv: string) => (/\/v\d+$|^v\d+$/.test(gv) ? 0 : 1);
  return found.sort((a, b) => stable(a) - stable(b) || a.localeCompare(b));
}
