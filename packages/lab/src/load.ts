// The one loader of the lab format: finds labs/<nn>-<slug>/, validates lab.yaml (and the overlay of
// the chosen language) against the schema, binds the lab to the lesson page that names it, and
// resolves what a person types (`1`, `01`, `01-clusterip`, `clusterip`) to one lab.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LabFormatError } from './errors.ts';
import { type LessonPage, readLessonPage, readLessonPages, siteDirOf } from './lessons.ts';
import { applyOverlay, hintLevels } from './locale.ts';
import { labSchema, overlaySchema } from './schema.ts';
import { readYamlSource, type YamlSource } from './source.ts';
import type { Lab } from './types.ts';
import { validateSource } from './validate.ts';

export const FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export interface LoadOptions {
  /** The language of the strings (default en). */
  lang?: string;
  /** Paths are shown relative to this folder (default: the parent of the labs folder). */
  repoRoot?: string;
  /** The site whose lesson pages the labs bind to (default: `<labs>/../site`). */
  siteDir?: string;
}

export function labFolders(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && FOLDER.test(e.name))
    .map((e) => e.name)
    .sort();
}

function shownFrom(root: string, options: LoadOptions): (path: string) => string {
  const base = options.repoRoot ?? dirname(root);
  return (path) => (relative(base, path).startsWith('..') ? path : relative(base, path));
}

/** Lesson pages are read once per load of many labs. */
type PageCache = { pages?: LessonPage[] };

export function loadLab(root: string, folder: string, options: LoadOptions = {}, cache: PageCache = {}): Lab {
  const show = shownFrom(root, options);
  const dir = join(root, folder);
  const file = join(dir, 'lab.yaml');
  const source = readYamlSource(file, show(file));
  const data = validateSource(source, labSchema);
  const [, id, slug] = FOLDER.exec(folder) ?? [];
  if (data.id !== id || data.slug !== slug) {
    source.fail(
      data.id !== id ? ['id'] : ['slug'],
      `id "${data.id}" and slug "${data.slug}" must match the folder name ${folder} (expected ${id}-${slug})`,
    );
  }
  const seen = new Map<string, number>();
  data.checks.forEach((check, i) => {
    if (seen.has(check.id))
      source.fail(
        ['checks', i, 'id'],
        `check id "${check.id}" is used twice (also checks[${seen.get(check.id)}])`,
      );
    seen.set(check.id, i);
    if (check.field && !data.exercise.includes(check.field.file)) {
      source.fail(
        ['checks', i, 'field', 'file'],
        `"${check.field.file}" is not one of the lab's exercise files (${data.exercise.join(', ') || 'none'})`,
      );
    }
  });

  const lang = options.lang ?? 'en';
  const overlayFile = join(dir, `lab.${lang}.yaml`);
  let strings = data;
  if (lang !== 'en' && existsSync(overlayFile)) {
    const overlaySource = readYamlSource(overlayFile, show(overlayFile));
    const overlay = validateSource(overlaySource, overlaySchema);
    for (const checkId of Object.keys(overlay.checks ?? {})) {
      if (!seen.has(checkId)) {
        overlaySource.fail(
          ['checks', checkId],
          `lab.yaml has no check "${checkId}"; the checks are ${[...seen.keys()].join(', ')}`,
        );
      }
    }
    strings = applyOverlay(data, overlay);
  }

  cache.pages ??= readLessonPages(options.siteDir ?? siteDirOf(root), options.repoRoot ?? dirname(root));
  const lesson = bindLesson(
    folder,
    source,
    data.checks,
    cache.pages,
    options.siteDir ?? siteDirOf(root),
    show,
  );
  const checks = strings.checks.map((check) => ({
    ...check,
    hint: hintLevels(check.hint),
  }));
  return {
    id: data.id,
    slug: data.slug,
    folder,
    dir,
    shown: show(dir),
    lang: strings === data ? 'en' : lang,
    title: strings.title,
    minutes: data.minutes,
    objectives: strings.objectives,
    namespaces: data.namespaces,
    exercise: data.exercise,
    policy: data.policy,
    entry: strings.entry,
    lintSkip: [...(data.lint?.skip ?? [])],
    checks,
    maxScore: checks.reduce((sum, c) => sum + c.points, 0),
    lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title, file: lesson.file },
    paths: {
      labYaml: file,
      base: join(dir, 'base'),
      exercise: join(dir, 'exercise'),
      solution: join(dir, 'solution'),
      checks: join(dir, 'checks.ts'),
      setup: join(dir, 'setup.ts'),
      selfTest: join(dir, 'selftest.yaml'),
    },
  };
}

/**
 * The English page whose front matter names the lab; every check's section must be a heading id in
 * it and in each translation of it.
 */
function bindLesson(
  folder: string,
  source: YamlSource,
  checks: Array<{ section: string }>,
  pages: LessonPage[],
  siteDir: string,
  show: (path: string) => string,
): LessonPage {
  const english = pages.filter((p) => p.locale === 'en' && p.lab === folder);
  const lessons = show(join(siteDir, 'docs', 'lessons'));
  if (english.length === 0) {
    throw new LabFormatError(
      `${source.shown}: no lesson page names this lab; add "lab: ${folder}" to the front matter of its page in ${lessons}/`,
    );
  }
  if (english.length > 1) {
    throw new LabFormatError(
      `${source.shown}: ${english.map((p) => p.shown).join(' and ')} both name lab ${folder}; a lab has one lesson`,
    );
  }
  const page = english[0] as LessonPage;
  const name = page.file.split(/[\\/]/).pop();
  const translations = pages.filter((p) => p.locale !== 'en' && p.file.endsWith(`/${name}`));
  for (const translation of translations) {
    if (translation.lab !== folder) {
      throw new LabFormatError(
        `${translation.shown}: translates ${page.shown}, so its front matter must say "lab: ${folder}" too (found ${translation.lab ?? 'none'})`,
      );
    }
  }
  checks.forEach((check, i) => {
    for (const p of [page, ...translations]) {
      if (!p.headingIds.includes(check.section)) {
        source.fail(
          ['checks', i, 'section'],
          `section "${check.section}" is not a heading id in ${p.shown}; give the heading an explicit id, e.g. "## The lab {#${check.section}}" (its ids: ${p.headingIds.join(', ') || 'none'})`,
        );
      }
    }
  });
  return page;
}

export function loadLabs(root: string, options: LoadOptions = {}): Lab[] {
  const cache: PageCache = {};
  return labFolders(root).map((folder) => loadLab(root, folder, options, cache));
}

/**
 * Lesson pages that name a lab that does not exist: the other half of the binding (the site build
 * and the self-tests call it).
 */
export function checkLessonBindings(root: string, options: LoadOptions = {}): void {
  const folders = new Set(labFolders(root));
  const pages = readLessonPages(options.siteDir ?? siteDirOf(root), options.repoRoot ?? dirname(root));
  for (const page of pages) {
    if (page.lab && !folders.has(page.lab)) {
      throw new LabFormatError(
        `${page.shown}: its front matter names lab "${page.lab}", which is not a folder of ${shownFrom(root, options)(root)}/ (the labs are ${[...folders].join(', ') || 'none'})`,
      );
    }
  }
}

/** `1`, `01`, `01-clusterip` and `clusterip` all name lab 01-clusterip. */
export function resolveLab(root: string, query: string, options: LoadOptions = {}): Lab {
  const folders = labFolders(root);
  const q = query.trim().toLowerCase();
  const padded = /^\d+$/.test(q) ? q.padStart(2, '0') : q;
  const match = folders.find((f) => {
    const [, id, slug] = FOLDER.exec(f) ?? [];
    return f === q || id === padded || slug === q;
  });
  if (!match) {
    const coming = lessonWithoutLab(root, padded, options);
    const valid = folders.map((f) => {
      const [, id, slug] = FOLDER.exec(f) ?? [];
      return `${id} (${slug})`;
    });
    if (coming) {
      throw new LabFormatError(
        `lab ${padded} is not written yet; its lesson, "${coming.title}", is ${coming.shown}${folders.length ? `; the labs so far are: ${valid.join(', ')}` : ''}`,
      );
    }
    throw new LabFormatError(
      folders.length
        ? `unknown lab "${query}"; the labs are: ${valid.join(', ')}`
        : `unknown lab "${query}"; there are no labs in ${root}`,
    );
  }
  return loadLab(root, match, options);
}

/** The English lesson page numbered `id` (`12-end-to-end.mdx` for `12`) when no lab folder has that number. */
function lessonWithoutLab(root: string, id: string, options: LoadOptions): LessonPage | undefined {
  if (!/^\d{2}$/.test(id)) return undefined;
  const dir = join(options.siteDir ?? siteDirOf(root), 'docs', 'lessons');
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir)
    .sort()
    .find((n) => n.startsWith(`${id}-`) && /\.mdx?$/.test(n));
  return name ? readLessonPage(join(dir, name), 'en', options.repoRoot ?? dirname(root)) : undefined;
}
