// Finds the labs (labs/<nn>-<slug>/lab.yaml), reads and validates them, and resolves what a learner
// types (`1`, `01`, `01-clusterip`, `clusterip`) to one lab.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { CliError, EXIT, usageError } from '../errors.ts';
import { REPO_ROOT } from '../repo.ts';
import { type LabDefinition, validateLabDefinition } from './format.ts';

export interface Lab extends LabDefinition {
  /** `01-clusterip` */
  folder: string;
  /** Absolute path of the lab folder. */
  dir: string;
  /** The folder as shown to the learner (relative to the repository when inside it). */
  shown: string;
  paths: { base: string; exercise: string; solution: string; labScript: string; gradeTest: string };
}

const FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export function labFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && FOLDER.test(e.name))
    .map((e) => e.name)
    .sort();
}

export function loadLab(root: string, folder: string): Lab {
  const dir = join(root, folder);
  const shown = relative(REPO_ROOT, dir).startsWith('..') ? dir : relative(REPO_ROOT, dir);
  const file = join(dir, 'lab.yaml');
  const shownFile = join(shown, 'lab.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${shownFile} cannot be read (${(error as NodeJS.ErrnoException).code}); every lab folder needs a lab.yaml`,
      EXIT.usage,
      {
        cause: error,
      },
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    throw usageError(`${shownFile}:${pos.line}:${pos.col}: ${error.message.split('\n')[0]}`);
  }
  let def: LabDefinition;
  try {
    def = validateLabDefinition(doc, lineCounter, shownFile);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const [, id, slug] = FOLDER.exec(folder) ?? [];
  if (def.id !== id || def.slug !== slug) {
    throw usageError(
      `${shownFile}: id "${def.id}" and slug "${def.slug}" must match the folder name ${folder} (expected ${id}-${slug})`,
    );
  }
  return {
    ...def,
    folder,
    dir,
    shown,
    paths: {
      base: join(dir, 'base'),
      exercise: join(dir, 'exercise'),
      solution: join(dir, 'solution'),
      labScript: join(dir, 'lab.ts'),
      gradeTest: join(dir, 'grade.test.ts'),
    },
  };
}

export function loadLabs(root: string): Lab[] {
  return labFolders(root).map((folder) => loadLab(root, folder));
}

/** `1`, `01`, `01-clusterip` and `clusterip` all name lab 01-clusterip. */
export function resolveLab(root: string, query: string): Lab {
  const folders = labFolders(root);
  const q = query.trim().toLowerCase();
  const padded = /^\d+$/.test(q) ? q.padStart(2, '0') : q;
  const match = folders.find((f) => {
    const [, id, slug] = FOLDER.exec(f) ?? [];
    return f === q || id === padded || slug === q;
  });
  if (!match) {
    const valid = folders.map((f) => {
      const [, id, slug] = FOLDER.exec(f) ?? [];
      return `${id} (${slug})`;
    });
    throw usageError(
      folders.length
        ? `unknown lab "${query}"; the labs are: ${valid.join(', ')}`
        : `unknown lab "${query}"; there are no labs in ${root}`,
    );
  }
  return loadLab(root, match);
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
