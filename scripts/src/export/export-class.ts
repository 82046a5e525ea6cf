// `lab export`: a student repository for a class, to push as a GitHub Classroom template. It holds
// the workshop's tooling (the lab command, the sim, the grader, the backend) and the chosen labs'
// base and exercise files, but no reference solution: solution/ folders, the self-test data (it
// lists the likely mistakes) and the literal fixes in lab.yaml stay behind. Lessons are links to
// the published site; the pages kept in site/ are their headings only, which the lab loader binds
// checks to. A GitHub Actions workflow grades every selected lab on each push.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Lab } from '../labs/load.ts';
import { classroomWorkflow } from './workflow.ts';

export interface ExportOptions {
  repoRoot: string;
  dest: string;
  labs: Lab[];
  /** Where the lessons are published, e.g. https://workshop.example.org/ */
  siteUrl: string;
  /**
   * The instructor's template repository and ref the workflow takes the grader from
   * (`owner/name@ref`); by default the repository the student's was created from, at its default
   * branch.
   */
  grader?: string;
}

export interface ExportResult {
  files: number;
  labs: string[];
}

/** Top-level paths of the workshop a class repository does not carry. */
const LEFT_OUT = new Set(['.ci', '.github', 'docs', 'site', 'README.md']);
/** Inside labs/: the self-tests and benchmarks prove the solutions, which are not exported. */
const LABS_LEFT_OUT = new Set(['test', 'bench', 'README.md', 'vitest.config.ts']);

function trackedFiles(repoRoot: string): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\0')
      .filter(Boolean);
  } catch {
    // Not a git checkout (a tarball): every file except dependencies and local state.
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (['node_modules', '.git', '.workshop', 'test-results', '.turbo', 'build'].includes(entry.name))
          continue;
        if (entry.isDirectory()) walk(rel);
        else if (entry.isFile()) out.push(rel);
      }
    };
    walk('');
    return out;
  }
}

/** A lab's strings without the literal fixes (lab.yaml and its language overlays). */
export function withoutFixes(text: string): string {
  const doc = parseDocument(text);
  const checks = doc.get('checks');
  if (isSeq(checks)) {
    for (const item of checks.items) if (isMap(item)) item.delete('fix');
  } else if (isMap(checks)) {
    // An overlay: checks: { <id>: { title, hint, fix } }
    for (const pair of checks.items) if (isMap(pair.value)) pair.value.delete('fix');
  }
  return doc.toString({ lineWidth: 0 });
}

/** A lesson page as its headings: what the lab loader needs, and a link to the published page. */
export function lessonStub(page: string, url: string, lang: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(page);
  const frontMatter = match ? match[1] : '';
  const body = match ? page.slice(match[0].length) : page;
  let fenced = false;
  const headings = body
    .split('\n')
    .filter((line) => {
      // A `# comment` in a code block is not a heading.
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      return !fenced && /^#{1,6} /.test(line);
    })
    .join('\n\n');
  const pointer =
    lang === 'ko'
      ? `강의 본문은 사이트에 있다: ${url}`
      : `The lesson itself is on the workshop's site: ${url}`;
  return `---\n${frontMatter}\n---\n\n${pointer}\n\n${headings}\n`;
}

function lessonUrl(siteUrl: string, slug: string, lang: string): string {
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  return `${base}${lang === 'en' ? '' : `${lang}/`}${slug.replace(/^\//, '')}`;
}

function studentPackageJson(text: string): string {
  const pkg = JSON.parse(text) as { workspaces: string[]; scripts?: Record<string, string> };
  pkg.workspaces = pkg.workspaces.filter((w) => w !== 'site');
  // The workshop's own test suite proves the solutions; a class repository grades instead.
  pkg.scripts = { grade: 'lab grade', progress: 'lab progress', lint: 'biome check .' };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** The lockfile without the site workspace, so `npm ci` agrees with the trimmed package.json. */
function studentLockfile(text: string): string {
  const lock = JSON.parse(text) as {
    packages: Record<string, { workspaces?: string[] } & Record<string, unknown>>;
  };
  const root = lock.packages[''];
  if (root?.workspaces) root.workspaces = root.workspaces.filter((w) => w !== 'site');
  delete lock.packages.site;
  delete lock.packages['node_modules/@workshop/site'];
  return `${JSON.stringify(lock, null, 2)}\n`;
}

function studentReadme(labs: Lab[], siteUrl: string): string {
  const rows = labs.map(
    (lab) =>
      `| ${lab.id} | [${lab.title}](${lessonUrl(siteUrl, lab.lesson.slug, 'en')}) | ${lab.exercise.map((f) => `\`labs/${basename(lab.dir)}/${f}\``).join(', ')} | \`npx lab grade ${lab.id}\` |`,
  );
  return [
    '# Service & Ingress workshop — class repository',
    '',
    'Your labs, from a Kubernetes cluster that runs on your machine (no Docker needed), to a grade.',
    '',
    '```bash',
    'npm ci                 # once',
    `npx lab start ${labs[0]?.id ?? '01'}        # deploys the lab and tells you which files to edit`,
    `npx lab grade ${labs[0]?.id ?? '01'}        # lint, apply, checks, your score with hints`,
    'npx lab progress       # your best score per lab',
    '```',
    '',
    '| Lab | Lesson | Edit | Grade |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Commit and push your edits: the workflow in `.github/workflows/classroom.yml` grades every lab on',
    "each push, with your instructor's copy of the checks, and reports the points to GitHub Classroom.",
    '`npx lab hint <lab> <check>` shows more hints for a check that fails.',
    '',
  ].join('\n');
}

export function exportClass(options: ExportOptions): ExportResult {
  const { repoRoot, dest, labs } = options;
  if (existsSync(dest) && readdirSync(dest).length > 0) {
    throw new Error(`${dest} is not empty; export into a new or empty folder`);
  }
  const chosen = new Set(labs.map((lab) => relative(repoRoot, lab.dir).split('\\').join('/')));
  const lessonFiles = new Map<string, { lab: Lab }>();
  for (const lab of labs) lessonFiles.set(basename(lab.lesson.file), { lab });
  let count = 0;
  const write = (rel: string, text: string) => {
    const to = join(dest, rel);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, text);
    count++;
  };

  for (const rel of trackedFiles(repoRoot)) {
    const [top, second, third] = rel.split('/');
    const from = join(repoRoot, rel);
    if (!existsSync(from)) continue;
    if (top === 'site') {
      // Only the pages of the chosen labs' lessons, in every language, as their headings.
      if (!rel.endsWith('.mdx') || !lessonFiles.has(basename(rel)) || !rel.includes('/lessons/')) continue;
      const lang = rel.startsWith('site/i18n/') ? (second ?? 'en') : 'en';
      const { lab } = lessonFiles.get(basename(rel)) as { lab: Lab };
      write(
        rel,
        lessonStub(readFileSync(from, 'utf8'), lessonUrl(options.siteUrl, lab.lesson.slug, lang), lang),
      );
      continue;
    }
    if (LEFT_OUT.has(top as string)) continue;
    if (top === 'labs' && second !== undefined && third !== undefined) {
      const labFolder = `labs/${second}`;
      if (LABS_LEFT_OUT.has(second)) continue;
      if (/^\d/.test(second)) {
        if (!chosen.has(labFolder)) continue;
        if (third === 'solution' || third === 'selftest.yaml') continue;
        if (/^lab(\.[a-z]{2})?\.yaml$/.test(third)) {
          write(rel, withoutFixes(readFileSync(from, 'utf8')));
          continue;
        }
      }
    } else if (top === 'labs' && second !== undefined && LABS_LEFT_OUT.has(second)) continue;
    if (rel === 'package.json') write(rel, studentPackageJson(readFileSync(from, 'utf8')));
    else if (rel === 'package-lock.json') write(rel, studentLockfile(readFileSync(from, 'utf8')));
    else {
      mkdirSync(dirname(join(dest, rel)), { recursive: true });
      cpSync(from, join(dest, rel));
      count++;
    }
  }
  const labsPackage = join(dest, 'labs/package.json');
  if (existsSync(labsPackage)) {
    const pkg = JSON.parse(readFileSync(labsPackage, 'utf8')) as { scripts?: Record<string, string> };
    pkg.scripts = {};
    writeFileSync(labsPackage, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  write('README.md', studentReadme(labs, options.siteUrl));
  write('.github/workflows/classroom.yml', classroomWorkflow(labs, { grader: options.grader }));
  write(
    '.workshop-export.json',
    `${JSON.stringify({ labs: labs.map((l) => l.id), exportedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return { files: count, labs: labs.map((l) => l.id) };
}

/** True in a repository made by `lab export` (it has no solutions). */
export function isClassExport(repoRoot: string): boolean {
  return existsSync(join(repoRoot, '.workshop-export.json'));
}
