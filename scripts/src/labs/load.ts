// The lab command's view of @workshop/lab: the labs of this checkout (or WORKSHOP_LABS_DIR) in the
// learner's language, with format problems as usage errors (exit 2) and a missing exercise file as
// a failure that says how to restore it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Lab,
  LabFormatError,
  type Language,
  loadLabs as loadAll,
  pickLanguage,
  resolveLab as resolve,
} from '@workshop/lab';
import { CliError, EXIT, usageError } from '../errors.ts';
import { REPO_ROOT } from '../repo.ts';

export type { Lab } from '@workshop/lab';

function formatErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof LabFormatError) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw error;
  }
}

/** `--lang`, else the locale of the environment; a language the workshop lacks is a usage error. */
export function language(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  try {
    return pickLanguage(flag, env);
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

export function loadLabs(root: string, lang?: string): Lab[] {
  return formatErrors(() => loadAll(root, { lang, repoRoot: REPO_ROOT }));
}

/** `1`, `01`, `01-clusterip` and `clusterip` all name lab 01-clusterip. */
export function resolveLab(root: string, query: string, lang?: string): Lab {
  return formatErrors(() => resolve(root, query, { lang, repoRoot: REPO_ROOT }));
}

/** The exercise files, checked to exist and be readable (a learner may have deleted one). */
export function exerciseFiles(lab: Lab): string[] {
  return lab.exercise.map((rel) => {
    const path = join(lab.dir, rel);
    try {
      readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        `${join(lab.shown, rel)} ${code === 'ENOENT' ? 'is missing' : `cannot be read (${code})`}; restore it with: npx lab reset ${lab.id}`,
        EXIT.failure,
        { cause: error },
      );
    }
    return path;
  });
}
