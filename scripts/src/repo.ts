// Where the repository and its labs are, wherever `lab` is run from.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** labs/ at the repository root; WORKSHOP_LABS_DIR points elsewhere (tests, instructors' forks). */
export function labsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.WORKSHOP_LABS_DIR ? resolve(env.WORKSHOP_LABS_DIR) : resolve(REPO_ROOT, 'labs');
}
