// Where things are, for the labs' self-tests and benchmark.
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const LABS_DIR = fileURLToPath(new URL('../', import.meta.url));
/** The `lab` command, as a learner runs it (`npx lab …`). */
export const LAB_BIN = fileURLToPath(new URL('../../scripts/bin/lab.mjs', import.meta.url));
export const RANDOM_NETWORK_DAEMON = fileURLToPath(new URL('./random-network-daemon.ts', import.meta.url));
