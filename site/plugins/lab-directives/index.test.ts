// The lab directives on small pages and labs written to a temporary repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Nodes, Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import remarkLabDirectives, { type PageDependencies } from './index.ts';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: demo
spec:
  selector:
    app: demo
  ports:
    - port: 80
      targetPort: 8080
`;

const LAB = `id: "01"
slug: demo
title: A demo lab
minutes: 5
objectives: [Write a Service.]
namespaces: [lab-01]
exercise: [exercise/service-demo.yaml]
policy: { allowedKinds: [Service], allowedImages: [] }
checks:
  - id: exists
    points: 1
    title: Service "demo" exists
    section: the-lab
    hint: [Apply exercise/service-demo.yaml, Look at metadata.name]
  - id: ports
    points: 2
    title: Port 80 reaches 8080
    section: ports
    hint: Compare targetPort with the container's port
`;

const LAB_KO = `title: 데모 랩
checks:
  exists:
    title: 서비스 "demo"가 존재한다
    hint: [exercise/service-demo.yaml을 적용한다]
`;

const PAGE = (heading = 'The lab {#the-lab}') => `---
lab: 01-demo
id: demo
slug: /lessons/demo
title: "01 · Demo"
---

# Demo

## ${heading}

::lab-file{path="solution/service-demo.yaml" highlight="spec.selector, spec.ports[0].targetPort"}

## Ports {#ports}

::lab-checks

::lab-commands
`;

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const lessonPath = 'site/docs/lessons/01-demo.mdx';
const koLessonPath = 'site/i18n/ko/docusaurus-plugin-content-docs/current/lessons/01-demo.mdx';

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lab-directives-'));
  write('labs/01-demo/lab.yaml', LAB);
  write('labs/01-demo/lab.ko.yaml', LAB_KO);
  write('labs/01-demo/exercise/service-demo.yaml', SERVICE.replace(/ {2}selector:\n {4}app: demo\n/, ''));
  write('labs/01-demo/solution/service-demo.yaml', SERVICE);
  write(lessonPath, PAGE());
  write(koLessonPath, PAGE('랩 {#the-lab}').replace('## Ports {#ports}', '## 포트 {#ports}'));
  write('site/docs/lessons/02-next.mdx', '---\nid: next\ntitle: "02 · Next"\n---\n\n# Next\n');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the page at `path` through remark with the directives, as Docusaurus does for `locale`. */
async function build(path: string, locale = 'en', dependencies?: PageDependencies): Promise<Root> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkDirective)
    .use(remarkLabDirectives, { labsRoot: join(root, 'labs'), locale, dependencies });
  // Docusaurus escapes heading ids before MDX sees them (markdown.mdx1Compat.headingIds).
  const text = readFileSync(join(root, path), 'utf8').replace(
    /^(#{1,6} .*)\{#([\w-]+)\}[ \t]*$/gm,
    '$1\\{#$2\\}',
  );
  const file = new VFile({ path: join(root, path), value: text });
  return (await processor.run(processor.parse(file), file)) as Root;
}

function find(tree: Nodes, test: (node: Nodes) => boolean): Nodes[] {
  const found: Nodes[] = [];
  const visit = (node: Nodes) => {
    if (test(node)) found.push(node);
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found;
}

function attribute(node: Nodes, name: string): unknown {
  const attributes = (node as { attributes?: Array<{ name: string; value: unknown }> }).attributes ?? [];
  return attributes.find((a) => a.name === name)?.value;
}

const withAttribute = (name: string) => (node: Nodes) => attribute(node, name) !== undefined;

function textOf(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  return 'children' in node ? node.children.map((child) => textOf(child as Nodes)).join('') : '';
}

function rows(tree: Root): string[][] {
  const [table] = find(tree, (n) => n.type === 'table');
  if (table?.type !== 'table') throw new Error('no table on the page');
  return table.children.map((row) => row.children.map((cell) => textOf(cell)));
}

describe('::lab-file', () => {
  it('shows the file exactly as on disk, titled with its repository path, with the YAML paths highlighted', async () => {
    const tree = await build(lessonPath);
    const [box] = find(tree, withAttribute('data-lab-file'));
    expect(box && attribute(box, 'data-lab-file')).toBe('labs/01-demo/solution/service-demo.yaml');
    const [code] = box ? find(box, (n) => n.type === 'code') : [];
    if (code?.type !== 'code') throw new Error('no code block in the lab file');
    expect(code.value).toBe(SERVICE.trimEnd());
    expect(code.lang).toBe('yaml');
    expect(code.meta).toBe('title="labs/01-demo/solution/service-demo.yaml" showLineNumbers {6-7,10}');
  });

  it('shows an exercise file as shipped (git HEAD) after a learner edited it', async () => {
    const exercise = SERVICE.replace(/ {2}selector:\n {4}app: demo\n/, '');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@x',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@x',
        },
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'shipped');
    write('labs/01-demo/exercise/service-demo.yaml', `${exercise}# the learner's edit\n`);
    write(
      lessonPath,
      PAGE()
        .replace('solution/service-demo.yaml', 'exercise/service-demo.yaml')
        .replace(/ highlight="[^"]*"/, ''),
    );
    const tree = await build(lessonPath);
    const [code] = find(tree, (n) => n.type === 'code');
    expect(code?.type === 'code' && code.value).toBe(exercise.trimEnd());
  });

  it('records the files a page was built from, so the build can watch them', async () => {
    const dependencies: PageDependencies = new Map();
    await build(koLessonPath, 'ko', dependencies);
    const used = dependencies.get(join(root, koLessonPath));
    expect([...(used?.files ?? [])]).toEqual(
      expect.arrayContaining([
        join(root, 'labs/01-demo/solution/service-demo.yaml'),
        join(root, 'labs/01-demo/lab.yaml'),
        join(root, 'labs/01-demo/lab.ko.yaml'),
      ]),
    );
  });

  it('fails naming the page and listing what the file has when a highlight names a missing YAML path', async () => {
    write(lessonPath, PAGE().replace('spec.ports[0].targetPort', 'spec.ports[0].tragetPort'));
    await expect(build(lessonPath)).rejects.toThrow(
      'site/docs/lessons/01-demo.mdx:12:1: ::lab-file highlight: labs/01-demo/solution/service-demo.yaml has no YAML path "spec.ports[0].tragetPort"; spec.ports[0] has spec.ports[0].port, spec.ports[0].targetPort',
    );
  });

  it('fails naming the page and the missing file when the path does not exist', async () => {
    write(lessonPath, PAGE().replace('solution/service-demo.yaml', 'solution/service.yaml'));
    await expect(build(lessonPath)).rejects.toThrow(
      /site\/docs\/lessons\/01-demo\.mdx:12:1: ::lab-file: labs\/01-demo\/solution\/service\.yaml does not exist \(labs\/01-demo\/ has .*solution\/service-demo\.yaml/,
    );
  });

  it('refuses a path outside the lab folder', async () => {
    write(lessonPath, PAGE().replace('solution/service-demo.yaml', '../../site/docs/lessons/01-demo.mdx'));
    await expect(build(lessonPath)).rejects.toThrow(/is outside labs\/01-demo\//);
  });
});

describe('::lab-checks', () => {
  it('lists each check with its points, first hint and section link, and the total, in English', async () => {
    const tree = await build(lessonPath);
    expect(rows(tree)).toEqual([
      ['The grader checks', 'Points', 'Hint when it fails', 'Explained in'],
      ['Service "demo" exists', '1', 'Apply exercise/service-demo.yaml', 'The lab'],
      ['Port 80 reaches 8080', '2', "Compare targetPort with the container's port", 'Ports'],
      ['Total', '3', '', ''],
    ]);
    const links = find(tree, (n) => n.type === 'link').map((n) => (n.type === 'link' ? n.url : ''));
    expect(links).toEqual(['#the-lab', '#ports']);
  });

  it('shows the Korean strings on a Korean page, English where the overlay has none', async () => {
    const tree = await build(koLessonPath, 'ko');
    expect(rows(tree)).toEqual([
      ['채점 항목', '배점', '실패 시 힌트', '설명'],
      ['서비스 "demo"가 존재한다', '1', 'exercise/service-demo.yaml을 적용한다', '랩'],
      ['Port 80 reaches 8080', '2', "Compare targetPort with the container's port", '포트'],
      ['합계', '3', '', ''],
    ]);
  });

  it('shows the Korean strings on an English page built as the fallback of the ko locale', async () => {
    rmSync(join(root, koLessonPath));
    const tree = await build(lessonPath, 'ko');
    expect(rows(tree)[1]?.[0]).toBe('서비스 "demo"가 존재한다');
  });

  it("passes on the loader's message when a check's section is not a heading id of the page", async () => {
    write(koLessonPath, PAGE('랩').replace('## Ports {#ports}', '## 포트 {#ports}'));
    await expect(build(lessonPath)).rejects.toThrow(
      /site\/docs\/lessons\/01-demo\.mdx:12:1: lab 01-demo: labs\/01-demo\/lab\.yaml:\d+:\d+: section "the-lab" is not a heading id in site\/i18n\/ko\/docusaurus-plugin-content-docs\/current\/lessons\/01-demo\.mdx/,
    );
  });

  it('fails on a lesson without its lab: a directive on a page whose front matter names none', async () => {
    write(lessonPath, PAGE().replace('lab: 01-demo\n', ''));
    rmSync(join(root, koLessonPath));
    write('site/docs/other.mdx', '---\ntitle: Other\n---\n\n::lab-checks\n');
    await expect(build('site/docs/other.mdx')).rejects.toThrow(
      'site/docs/other.mdx:5:1: ::lab-checks shows the page\'s lab, but this lesson is without its lab: its front matter has no "lab:"',
    );
  });

  it('fails naming the page when its front matter names a lab that does not exist', async () => {
    write('site/docs/other.mdx', '---\nlab: 07-nothing\n---\n\n::lab-commands\n');
    await expect(build('site/docs/other.mdx')).rejects.toThrow(
      'site/docs/other.mdx:5:1: the front matter names lab "07-nothing", which is not a folder of labs/ (the labs are 01-demo)',
    );
  });
});

describe('::lab-commands', () => {
  it("writes the learner's loop with the lab's id and exercise files", async () => {
    const tree = await build(lessonPath);
    const [box] = find(tree, withAttribute('data-lab-commands'));
    const [code] = box ? find(box, (n) => n.type === 'code') : [];
    expect(code?.type === 'code' && code.value.split('\n').map((line) => line.replace(/\s+#.*/, ''))).toEqual(
      [
        'npx lab start 01',
        '$EDITOR labs/01-demo/exercise/service-demo.yaml',
        'npx lab grade 01',
        'npx lab reset 01',
      ],
    );
  });
});

describe('::lesson-table', () => {
  it('lists every lesson in file order with the lab that names it, or "coming"', async () => {
    write('site/docs/intro.mdx', '# Intro\n\n::lesson-table\n');
    const tree = await build('site/docs/intro.mdx');
    expect(rows(tree)).toEqual([
      ['#', 'Lesson', 'Lab'],
      ['01', 'Demo', 'A demo lab 01-demo'],
      ['02', 'Next', 'coming'],
    ]);
    const links = find(tree, (n) => n.type === 'link').map((n) => (n.type === 'link' ? n.url : ''));
    expect(links).toEqual(['/lessons/demo', '/lessons/next']);
  });

  it('uses the translated titles in another locale', async () => {
    write('site/docs/intro.mdx', '# Intro\n\n::lesson-table\n');
    write(koLessonPath, PAGE('랩 {#the-lab}').replace('"01 · Demo"', '"01 · 데모"'));
    const tree = await build('site/docs/intro.mdx', 'ko');
    expect(rows(tree).slice(1)).toEqual([
      ['01', '데모', '데모 랩 01-demo'],
      ['02', 'Next', '준비 중'],
    ]);
  });
});

describe('a misspelt directive', () => {
  it('fails naming the page and the directives there are', async () => {
    write('site/docs/other.mdx', '# Other\n\n::lab-fiel{path="x"}\n');
    await expect(build('site/docs/other.mdx')).rejects.toThrow(
      'site/docs/other.mdx:3:1: unknown directive ::lab-fiel; the lab directives are ::lab-file',
    );
  });
});
