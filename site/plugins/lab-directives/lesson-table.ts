// ::lesson-table — every lesson page in file order, its title linked, and the lab that names it in
// its front matter (or "coming"). Adding a lesson file or a lab changes the table by itself.
import { basename, join } from 'node:path';
import { type Lab, LabFormatError, lessonDirs, loadLabs, readLessonPages } from '@workshop/lab';
import type { LeafDirective } from 'mdast-util-directive';
import { code, jsxDiv, link, table, text } from './mdast.ts';
import type { Page } from './page.ts';
import { stringsFor } from './strings.ts';

export function lessonTable(page: Page, node: LeafDirective) {
  const words = stringsFor(page.locale).lessons;
  let labs: Lab[];
  let pages: ReturnType<typeof readLessonPages>;
  try {
    pages = readLessonPages(page.siteDir, page.repoRoot);
    labs = loadLabs(page.options.labsRoot, {
      lang: page.locale,
      repoRoot: page.repoRoot,
      siteDir: page.siteDir,
    });
  } catch (error) {
    if (error instanceof LabFormatError) page.fail(node, `::lesson-table: ${error.message}`);
    throw error;
  }
  for (const { dir } of lessonDirs(page.siteDir)) page.deps.dirs.add(dir);
  page.deps.dirs.add(page.options.labsRoot);
  for (const lesson of pages) page.depend(lesson.file);
  for (const lab of labs) {
    page.depend(lab.paths.labYaml);
    if (page.locale !== 'en') page.depend(join(lab.dir, `lab.${page.locale}.yaml`));
  }

  const rows = pages
    .filter((lesson) => lesson.locale === 'en')
    .map((lesson) => {
      const name = basename(lesson.file);
      const translated = pages.find((p) => p.locale === page.locale && basename(p.file) === name);
      const title = (translated ?? lesson).title.replace(/^\d+\s*·\s*/, '');
      const number = /^(\d+)-/.exec(name)?.[1] ?? '';
      const lab = labs.find((l) => l.lesson.file === lesson.file);
      return [
        number,
        link(lesson.slug, title),
        lab ? [text(`${lab.title} `), code(lab.folder)] : words.coming,
      ];
    });
  return jsxDiv({ className: 'lesson-table', 'data-lesson-table': String(rows.length) }, [
    table([null, null, null], [words.number, words.lesson, words.lab], rows),
  ]);
}
