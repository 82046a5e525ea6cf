import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLessonBindings, loadLab, loadLabs, resolveLab } from './load.ts';

const LAB = `id: "01"
slug: demo
title: A demo
minutes: 5
objectives: [First, Second]
namespaces: [lab-01]
exercise: [exercise/service.yaml]
policy: { allowedKinds: [Service], allowedImages: [] }
checks:
  - id: exists
    points: 1
    title: The Service exists
    section: the-lab
    hint: [Look at metadata.name, Compare it with the lesson]
    fix: "metadata.name: demo"
  - id: traffic
    points: 3
    title: Traffic reaches the Pods
    section: traffic
    field: { file: exercise/service.yaml, path: spec.selector }
    hint: Compare the selector with the Pod labels
`;
const PAGE = `---
id: demo
slug: /lessons/demo
title: "01 · Demo"
lab: 01-demo
---

# Demo

## The lab {#the-lab}

\`\`\`yaml
## Not a heading {#inside-a-code-block}
\`\`\`

## Traffic {#traffic}
`;

/** A repository layout in a temp dir: labs/<folder>/lab.yaml and site/docs/lessons/<page>. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-format-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const labs = (root: string) => join(root, 'labs');
const KO_PAGE = PAGE.replace('# Demo', '# 데모');

describe('loadLab', () => {
  it('reads a lab with its checks as data, its maximum computed, bound to the page that names it', () => {
    const root = repo({ 'labs/01-demo/lab.yaml': LAB, 'site/docs/lessons/01-demo.mdx': PAGE });
    const lab = loadLab(labs(root), '01-demo');
    expect(lab).toMatchObject({ id: '01', slug: 'demo', lang: 'en', maxScore: 4, shown: 'labs/01-demo' });
    expect(lab.checks.map((c) => [c.id, c.hint])).toEqual([
      ['exists', ['Look at metadata.name', 'Compare it with the lesson']],
      ['traffic', ['Compare the selector with the Pod labels']],
    ]);
    expect(lab.lesson).toMatchObject({ id: 'demo', slug: '/lessons/demo', title: '01 · Demo' });
  });

  it('lays a locale overlay over the English strings, string by string', () => {
    const root = repo({
      'labs/01-demo/lab.yaml': LAB,
      'labs/01-demo/lab.ko.yaml':
        'title: 데모\nobjectives: [첫째]\nchecks:\n  exists:\n    hint: [metadata.name을 보세요]\n',
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    const lab = loadLab(labs(root), '01-demo', { lang: 'ko' });
    expect(lab.lang).toBe('ko');
    expect(lab.title).toBe('데모');
    expect(lab.objectives).toEqual(['첫째', 'Second']);
    expect(lab.checks[0]?.title).toBe('The Service exists');
    expect(lab.checks[0]?.hint).toEqual(['metadata.name을 보세요', 'Compare it with the lesson']);
    expect(loadLab(labs(root), '01-demo', { lang: 'en' }).title).toBe('A demo');
  });

  it('reports a wrong field as file:line:col with what was expected and what was found', () => {
    const root = repo({
      'labs/01-demo/lab.yaml': LAB.replace('points: 3', 'points: -3'),
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(root), '01-demo')).toThrow(
      'labs/01-demo/lab.yaml:17:13: "checks[1].points" must be a whole number ≥ 0; found -3',
    );
  });

  it('names an unknown field and the fields that are allowed there', () => {
    const root = repo({
      'labs/01-demo/lab.yaml': LAB.replace('    points: 1\n', '    points: 1\n    pionts: 2\n'),
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(root), '01-demo')).toThrow(
      /lab\.yaml:12:13: unknown field "checks\[0\]\.pionts"; the fields here are id, points, title, section, hint, fix, field, timeoutMs/,
    );
  });

  it('reads lint.skip, and refuses to skip a rule that does not compare objects', () => {
    const lab = LAB.replace('checks:\n', 'lint:\n  skip: [selector-matches-nothing]\nchecks:\n');
    const root = repo({ 'labs/01-demo/lab.yaml': lab, 'site/docs/lessons/01-demo.mdx': PAGE });
    expect(loadLab(labs(root), '01-demo').lintSkip).toEqual(['selector-matches-nothing']);
    const plain = repo({ 'labs/01-demo/lab.yaml': LAB, 'site/docs/lessons/01-demo.mdx': PAGE });
    expect(loadLab(labs(plain), '01-demo').lintSkip).toEqual([]);
    const bad = repo({
      'labs/01-demo/lab.yaml': lab.replace('selector-matches-nothing', 'unknown-field'),
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(bad), '01-demo')).toThrow(/must be one of the lint rules that compare objects/);
  });

  it('says which field is missing', () => {
    const root = repo({
      'labs/01-demo/lab.yaml': LAB.replace('minutes: 5\n', ''),
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(root), '01-demo')).toThrow(
      'labs/01-demo/lab.yaml:1:1: "minutes" is required and must be a whole number above 0; found nothing',
    );
  });

  it('refuses a check id used twice, and an overlay naming a check that does not exist', () => {
    const twice = repo({
      'labs/01-demo/lab.yaml': LAB.replace('id: traffic', 'id: exists'),
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(twice), '01-demo')).toThrow('check id "exists" is used twice (also checks[0])');
    const overlay = repo({
      'labs/01-demo/lab.yaml': LAB,
      'labs/01-demo/lab.ko.yaml': 'checks:\n  exist:\n    title: 있다\n',
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(overlay), '01-demo', { lang: 'ko' })).toThrow(
      /lab\.ko\.yaml:3:5: lab\.yaml has no check "exist"; the checks are exists, traffic/,
    );
  });

  it('refuses a lab no lesson names, and a section that is not a heading id of the lesson', () => {
    const unbound = repo({
      'labs/01-demo/lab.yaml': LAB,
      'site/docs/lessons/01-demo.mdx': PAGE.replace('lab: 01-demo\n', ''),
    });
    expect(() => loadLab(labs(unbound), '01-demo')).toThrow(
      'no lesson page names this lab; add "lab: 01-demo" to the front matter of its page in site/docs/lessons/',
    );
    const missing = repo({
      'labs/01-demo/lab.yaml': LAB.replace('section: traffic', 'section: inside-a-code-block'),
      'site/docs/lessons/01-demo.mdx': PAGE,
    });
    expect(() => loadLab(labs(missing), '01-demo')).toThrow(
      /lab\.yaml:19:14: section "inside-a-code-block" is not a heading id in site\/docs\/lessons\/01-demo\.mdx/,
    );
  });

  it('checks the sections in every translation of the lesson too', () => {
    const ko = 'site/i18n/ko/docusaurus-plugin-content-docs/current/lessons/01-demo.mdx';
    const good = repo({ 'labs/01-demo/lab.yaml': LAB, 'site/docs/lessons/01-demo.mdx': PAGE, [ko]: KO_PAGE });
    expect(() => loadLab(labs(good), '01-demo')).not.toThrow();
    const bad = repo({
      'labs/01-demo/lab.yaml': LAB,
      'site/docs/lessons/01-demo.mdx': PAGE,
      [ko]: KO_PAGE.replace('{#traffic}', ''),
    });
    expect(() => loadLab(labs(bad), '01-demo')).toThrow(`section "traffic" is not a heading id in ${ko}`);
  });

  it('knows a lab by number, id, folder or slug, and lists the labs when it does not', () => {
    const root = repo({ 'labs/01-demo/lab.yaml': LAB, 'site/docs/lessons/01-demo.mdx': PAGE });
    for (const query of ['1', '01', '01-demo', 'demo'])
      expect(resolveLab(labs(root), query).folder).toBe('01-demo');
    expect(() => resolveLab(labs(root), '7')).toThrow('unknown lab "7"; the labs are: 01 (demo)');
    expect(loadLabs(labs(root))).toHaveLength(1);
  });

  it('says a lab is not written yet when only its lesson exists, and names the lesson', () => {
    const root = repo({
      'labs/01-demo/lab.yaml': LAB,
      'site/docs/lessons/01-demo.mdx': PAGE,
      'site/docs/lessons/12-later.mdx': '---\nid: later\ntitle: "12 · Later"\n---\n# Later\n',
    });
    for (const query of ['12', ' 12 ']) {
      expect(() => resolveLab(labs(root), query)).toThrow(
        'lab 12 is not written yet; its lesson, "12 · Later", is site/docs/lessons/12-later.mdx; the labs so far are: 01 (demo)',
      );
    }
    expect(() => resolveLab(labs(root), '13')).toThrow('unknown lab "13"; the labs are: 01 (demo)');
  });

  it('finds lesson pages that name a lab that does not exist', () => {
    const root = repo({
      'labs/01-demo/lab.yaml': LAB,
      'site/docs/lessons/01-demo.mdx': PAGE,
      'site/docs/lessons/02-other.mdx': '---\nid: other\nlab: 02-other\n---\n# Other\n',
    });
    expect(() => checkLessonBindings(labs(root))).toThrow(
      'site/docs/lessons/02-other.mdx: its front matter names lab "02-other", which is not a folder of labs/ (the labs are 01-demo)',
    );
  });
});
