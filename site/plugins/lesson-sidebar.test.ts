// The sidebar built from the lesson files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lessonCategories, lessonFiles } from './lesson-sidebar.ts';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('the lesson sidebar', () => {
  it('orders lessons by number and puts each in the last part that starts at or before it', () => {
    dir = mkdtempSync(join(tmpdir(), 'sidebar-'));
    writeFileSync(join(dir, '10-tls.mdx'), '---\nid: tls\n---\n');
    writeFileSync(join(dir, '02-labels.mdx'), '# no front matter\n');
    writeFileSync(join(dir, '07-why-ingress.mdx'), '---\nid: why-ingress\n---\n');
    writeFileSync(join(dir, '15-new.mdx'), '---\nid: new\n---\n');
    const parts = [
      { label: 'Beyond', from: 14, collapsed: true },
      { label: 'One', from: 1 },
      { label: 'Two', from: 7 },
    ];
    expect(lessonCategories(lessonFiles(dir), parts)).toEqual([
      { type: 'category', label: 'One', collapsed: false, items: ['lessons/labels'] },
      { type: 'category', label: 'Two', collapsed: false, items: ['lessons/why-ingress', 'lessons/tls'] },
      { type: 'category', label: 'Beyond', collapsed: true, items: ['lessons/new'] },
    ]);
  });

  it('refuses a lesson file without a number prefix, naming it', () => {
    dir = mkdtempSync(join(tmpdir(), 'sidebar-'));
    writeFileSync(join(dir, 'tls.mdx'), '# TLS\n');
    expect(() => lessonFiles(dir as string)).toThrow(/tls\.mdx: a lesson file is named <number>-<slug>\.mdx/);
  });
});
