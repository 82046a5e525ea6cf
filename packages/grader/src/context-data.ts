// Where a check finds its cluster: `lab grade` passes everything as JSON in WORKSHOP_GRADE_CONTEXT;
// a lab author running `npx vitest run labs/01-clusterip/grade.test.ts` by hand gets the same from
// KUBECONFIG / WORKSHOP_* variables, the running sim's cluster.json and the lab's own lab.yaml.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const CONTEXT_ENV = 'WORKSHOP_GRADE_CONTEXT';

export interface EntryPoints {
  /** The ingress controller's HTTP entry point, e.g. `http://127.0.0.1:8080`. */
  http: string;
  /** The ingress controller's HTTPS entry point, e.g. `https://127.0.0.1:8443`. */
  https: string;
  /** Where NodePorts answer: `http://<nodePortHost>:30000`. */
  nodePortHost: string;
}

/** Everything a check needs to reach the cluster, as plain JSON (it crosses a process boundary). */
export interface GradeContextData {
  /** The lab's id, e.g. "01". */
  lab: string;
  /** Absolute path of the kubeconfig file. */
  kubeconfig: string;
  /** The kubeconfig context (default: the file's current-context). */
  context?: string;
  /** The lab's namespaces as lab.yaml names them (`lab-01`). */
  labNamespaces: string[];
  /** The same, as the runtime maps them (`alice-lab-01` on a shared cluster); index-aligned. */
  namespaces: string[];
  entryPoints: EntryPoints;
  /** The image of the in-cluster probe Pod (`workshop/backend:0.1.0`, mapped by the runtime). */
  probeImage: string;
  /** The submitted manifest files (absolute), so failures can point at them. */
  submissionFiles?: string[];
}

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The backend image tag the labs deploy: apps/backend's package version. */
export function backendImage(repoRoot = REPO_ROOT): string {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'apps/backend/package.json'), 'utf8')) as {
      version?: string;
    };
    return `workshop/backend:${pkg.version ?? '0.1.0'}`;
  } catch {
    return 'workshop/backend:0.1.0';
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The lab folder holding `file` (a grade.test.ts), or undefined. */
function labDirOf(file: string | undefined): string | undefined {
  let dir = file ? dirname(file) : undefined;
  for (let i = 0; dir && i < 3; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'lab.yaml'))) return dir;
  }
  return undefined;
}

/**
 * Builds the context from the environment. `testFile` (the grade.test.ts being run) lets the lab's
 * namespaces come from its lab.yaml when nothing else names them.
 */
export function resolveContextData(
  env: NodeJS.ProcessEnv = process.env,
  testFile?: string,
): GradeContextData {
  const raw = env[CONTEXT_ENV];
  if (raw) {
    try {
      return JSON.parse(raw) as GradeContextData;
    } catch (error) {
      throw new Error(
        `${CONTEXT_ENV} must hold the grading context as JSON (lab grade sets it); found ${JSON.stringify(raw.slice(0, 80))}`,
        { cause: error },
      );
    }
  }
  const stateDir = env.WORKSHOP_STATE_DIR ? resolve(env.WORKSHOP_STATE_DIR) : join(REPO_ROOT, '.workshop');
  const sim = readJson<{
    kubeconfig?: string;
    context?: string;
    http?: string;
    https?: string;
    nodePortHost?: string;
  }>(join(stateDir, 'sim', 'cluster.json'));
  const kubeconfig =
    env.KUBECONFIG?.split(delimiter).find(Boolean) ??
    (sim?.kubeconfig ? resolve(join(stateDir, 'sim'), sim.kubeconfig) : undefined);
  if (!kubeconfig) {
    throw new Error(
      `no cluster to grade against: ${CONTEXT_ENV} and KUBECONFIG are unset and no sim runs in ${stateDir}; run npx lab start <id> first, or use npx lab grade <id>`,
    );
  }
  const labDir = labDirOf(testFile);
  const labYaml = labDir
    ? (parse(readFileSync(join(labDir, 'lab.yaml'), 'utf8')) as { id?: string; namespaces?: string[] })
    : undefined;
  const labNamespaces = env.WORKSHOP_NAMESPACE
    ? env.WORKSHOP_NAMESPACE.split(',').map((s) => s.trim())
    : (labYaml?.namespaces ?? ['default']);
  const prefix = env.WORKSHOP_NAMESPACE ? '' : (env.WORKSHOP_NAMESPACE_PREFIX ?? '');
  const registry = env.WORKSHOP_IMAGE_REGISTRY;
  const image = backendImage();
  return {
    lab: labYaml?.id ?? 'unknown',
    kubeconfig,
    context: env.KUBECONFIG ? env.WORKSHOP_CONTEXT : (env.WORKSHOP_CONTEXT ?? sim?.context),
    labNamespaces,
    namespaces: labNamespaces.map((ns) => `${prefix}${ns}`),
    entryPoints: {
      http: env.WORKSHOP_HTTP_URL ?? sim?.http ?? 'http://127.0.0.1',
      https: env.WORKSHOP_HTTPS_URL ?? sim?.https ?? 'https://127.0.0.1',
      nodePortHost: env.WORKSHOP_NODEPORT_HOST ?? sim?.nodePortHost ?? '127.0.0.1',
    },
    probeImage: registry ? `${registry.endsWith('/') ? registry : `${registry}/`}${image}` : image,
  };
}
