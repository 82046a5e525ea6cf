// A lab's checks.ts: a map from check id to the function that proves it. The ids must be the ones
// lab.yaml declares, both ways, so no check goes unproven and no proof goes unscored.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LabFormatError } from './errors.ts';
import type { Lab } from './types.ts';

// biome-ignore lint/suspicious/noExplicitAny: the grader gives the context its type; this package only matches ids.
export type CheckFunctions = Record<string, (ctx: any) => unknown>;

let loads = 0;

/** How a lab's TypeScript file is loaded: by default import(), fresh each time. */
export type ImportModule = (file: string) => Promise<Record<string, unknown>>;

const importFresh: ImportModule = async (file) =>
  (await import(`${pathToFileURL(file).href}?load=${++loads}`)) as Record<string, unknown>;

export async function loadCheckFunctions(
  lab: Lab,
  importModule: ImportModule = importFresh,
): Promise<CheckFunctions> {
  const file = lab.paths.checks;
  const shown = `${lab.shown}/checks.ts`;
  if (!existsSync(file)) {
    throw new LabFormatError(
      `${shown} is missing; it exports the checks lab.yaml declares (npx lab new writes one)`,
    );
  }
  // A second grade in the same process (tests) sees the file as it is now.
  const module = (await importModule(file)) as { default?: unknown };
  const functions = module.default;
  if (!functions || typeof functions !== 'object') {
    throw new LabFormatError(
      `${shown} must export default defineChecks({ <check id>: async (ctx) => { … } })`,
    );
  }
  const declared = lab.checks.map((c) => c.id);
  const implemented = Object.keys(functions);
  const missing = declared.filter((id) => !implemented.includes(id));
  const extra = implemented.filter((id) => !declared.includes(id));
  if (missing.length) {
    throw new LabFormatError(
      `${shown} has no function for check${missing.length > 1 ? 's' : ''} ${missing.map((id) => `"${id}"`).join(', ')} that lab.yaml declares (it has ${implemented.join(', ') || 'none'})`,
    );
  }
  if (extra.length) {
    throw new LabFormatError(
      `${shown} implements ${extra.map((id) => `"${id}"`).join(', ')}, which lab.yaml does not declare; add ${extra.length > 1 ? 'them' : 'it'} to lab.yaml's checks (with points, title, hint and section) or remove ${extra.length > 1 ? 'them' : 'it'}`,
    );
  }
  for (const id of implemented) {
    if (typeof (functions as Record<string, unknown>)[id] !== 'function') {
      throw new LabFormatError(`${shown}: check "${id}" must be a function (ctx) => …`);
    }
  }
  return functions as CheckFunctions;
}
