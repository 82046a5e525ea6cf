// Lesson pages as the lab format sees them: the front matter that binds a page to its lab
// (`lab: 01-clusterip`) and the explicit heading ids (`## The lab {#the-lab}`) checks point at, in
// English (site/docs/lessons) and in every translation (site/i18n/<lang>/…/current/lessons).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse } from 'yaml';
import { LabFormatError } from './errors.ts';

export interface LessonPage {
  file: string;
  /** As shown in messages. */
  shown: string;
  locale: string;
  id: string;
  slug: string;
  title: string;
  /** The lab folder named in front matter, if any. */
  lab?: string;
  /** Explicit heading ids, in page order. */
  headingIds: string[];
  /** The page's text after the front matter. */
  body: string;
  /** The 1-based line of the page where `body` starts. */
  bodyLine: number;
}

const HEADING_ID = /^#{1,6}\s.*\{#([A-Za-z0-9_-]+)\}\s*$/;
const FENCE = /^\s*(```|~~~)/;

/** The site folder that holds the lessons of the labs in `labsRoot` (its sibling `site/`). */
export function siteDirOf(labsRoot: string): string {
  return join(labsRoot, '..', 'site');
}

export function lessonDirs(siteDir: string): Array<{ locale: string; dir: string }> {
  const dirs = [{ locale: 'en', dir: join(siteDir, 'docs', 'lessons') }];
  const i18n = join(siteDir, 'i18n');
  if (existsSync(i18n)) {
    for (const locale of readdirSync(i18n).sort()) {
      const dir = join(i18n, locale, 'docusaurus-plugin-content-docs', 'current', 'lessons');
      if (existsSync(dir)) dirs.push({ locale, dir });
    }
  }
  return dirs;
}

export function readLessonPage(file: string, locale: string, shownFrom: string): LessonPage {
  const text = readFileSync(file, 'utf8');
  const shown = relative(shownFrom, file).startsWith('..') ? file : relative(shownFrom, file);
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  let front: Record<string, unknown> = {};
  if (match) {
    try {
      front = (parse(match[1] ?? '') as Record<string, unknown> | null) ?? {};
    } catch (error) {
      throw new LabFormatError(
        `${shown}: its front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  const body = match ? text.slice(match[0].length) : text;
  const headingIds: string[] = [];
  let fenced = false;
  for (const line of body.split('\n')) {
    if (FENCE.test(line)) fenced = !fenced;
    else if (!fenced) {
      const id = HEADING_ID.exec(line)?.[1];
      if (id) headingIds.push(id);
    }
  }
  const id = typeof front.id === 'string' ? front.id : basename(file).replace(/\.mdx?$/, '');
  return {
    file,
    shown,
    locale,
    id,
    slug: typeof front.slug === 'string' ? front.slug : `/lessons/${id}`,
    title: typeof front.title === 'string' ? front.title : id,
    lab: typeof front.lab === 'string' ? front.lab : undefined,
    headingIds,
    body,
    bodyLine: match ? match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1) : 1,
  };
}

/** Every lesson page, English first, then each translation, sorted by file name. */
export function readLessonPages(siteDir: string, shownFrom: string): LessonPage[] {
  const pages: LessonPage[] = [];
  for (const { locale, dir } of lessonDirs(siteDir)) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)
      .filter((n) => /\.mdx?$/.test(n))
      .sort()) {
      pages.push(readLessonPage(join(dir, name), locale, shownFrom));
    }
  }
  return pages;
}
