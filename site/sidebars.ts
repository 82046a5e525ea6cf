// The sidebar: the two pages about the workshop, then every lesson file of docs/lessons in number
// order, grouped into the curriculum's parts. A new lesson needs a file, not an edit here.
import { fileURLToPath } from 'node:url';
import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';
import { lessonCategories, lessonFiles } from './plugins/lesson-sidebar.ts';

const lessons = lessonFiles(fileURLToPath(new URL('./docs/lessons', import.meta.url)));

const sidebars: SidebarsConfig = {
  lessons: [
    'intro',
    'running-the-labs',
    'instructors',
    ...lessonCategories(lessons, [
      { label: 'Part 1 — Service (L4)', from: 1 },
      { label: 'Part 2 — Ingress (L7)', from: 7 },
      { label: 'Part 3 — The whole road', from: 12 },
      { label: 'Beyond the notes', from: 14, collapsed: true },
    ]),
  ],
};

export default sidebars;
