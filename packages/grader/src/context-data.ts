// Where the checks find their cluster, as `lab grade` hands it over: the kubeconfig, the lab's
// namespaces as the runtime maps them, the entry points and the probe Pod's image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EntryPoints {
  /** The ingress controller's HTTP entry point, e.g. `http://127.0.0.1:8080`. */
  http: string;
  /** The ingress controller's HTTPS entry point, e.g. `https://127.0.0.1:8443`. */
  https: string;
  /** Where NodePorts answer: `http://<nodePortHost>:30000`. */
  nodePortHost: string;
}

/** Everything a check needs to reach the cluster, as plain data. */
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
