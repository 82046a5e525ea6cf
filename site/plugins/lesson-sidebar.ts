// The lessons' sidebar, built from the lesson files: sorted by their number prefix and grouped into
// the curriculum's parts, so a new lesson file appears in the right part without a sidebar edit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface SidebarCategory {
  type: 'category';
  label: string;
  collapsed: boolean;
  items: string[];
}

export interface Part {
  label: string;
  /** The number of the part's first lesson; a part runs until the next part's first lesson. */
  from: number;
  collapsed?: boolean;
}

export interface Lesson {
  number: number;
  /** The doc id (`lessons/why-services`). */
  id: string;
  file: string;
}

/** The lesson files of `dir` (`01-why-services.mdx`) in number order. */
export function lessonFiles(dir: string): Lesson[] {
  return readdirSync(dir)
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => {
      const match = /^(\d+)-(.+)\.mdx?$/.exec(name);
      if (!match) {
        throw new Error(
          `${join(dir, name)}: a lesson file is named <number>-<slug>.mdx (e.g. 15-network-policy.mdx), so the sidebar knows its place`,
        );
      }
      const file = join(dir, name);
      return { number: Number(match[1]), id: `lessons/${docId(file) ?? match[2]}`, file };
    })
    .sort((a, b) => a.number - b.number);
}

/** Lessons grouped into `parts`; a lesson before the first part is an error. */
export function lessonCategories(lessons: Lesson[], parts: Part[]): SidebarCategory[] {
  const ordered = [...parts].sort((a, b) => a.from - b.from);
  const categories = ordered.map((part) => ({
    type: 'category' as const,
    label: part.label,
    collapsed: part.collapsed ?? false,
    items: [] as string[],
  }));
  for (const lesson of lessons) {
    const index = ordered.filter((part) => part.from <= lesson.number).length - 1;
    if (index < 0) {
      throw new Error(
        `${lesson.file}: lesson ${lesson.number} comes before the first part of the sidebar (${ordered[0]?.label ?? 'none'}, from ${ordered[0]?.from})`,
      );
    }
    categories[index]?.items.push(lesson.id);
  }
  return categories.filter((category) => category.items.length > 0);
}

/** The `id` of a page's front matter (Docusaurus's doc id within its folder), if it sets one. */
function docId(file: string): string | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'))?.[1];
  const id = front ? (parse(front) as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}
