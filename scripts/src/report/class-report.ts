// A class's results as tables: the grade reports (`<lab>.json`, as `lab grade` writes them to
// .workshop/results/ and the classroom workflow uploads them) of many learners, one table per lab,
// one row per learner, in Markdown or CSV.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export interface ClassRow {
  learner: string;
  lab: string;
  title: string;
  score: number;
  maxScore: number;
  passed: boolean;
  /** Where the pipeline stopped: `checks` when the checks ran. */
  stage: string;
  failed: string[];
  gradedAt: string;
  file: string;
}

interface ReportShape {
  lab: string;
  title: string;
  score: number;
  maxScore: number;
  passed: boolean;
  stage: string;
  startedAt: string;
  checks: Array<{ id: string; status: string }>;
}

function isReport(value: unknown): value is ReportShape {
  const v = value as Partial<ReportShape> | null;
  return (
    !!v &&
    typeof v.lab === 'string' &&
    typeof v.score === 'number' &&
    typeof v.maxScore === 'number' &&
    typeof v.startedAt === 'string' &&
    Array.isArray(v.checks)
  );
}

const NOT_A_NAME = new Set(['results', '.workshop', 'workshop', '.', '']);

/**
 * Whose report a file is: the nearest folder above it that is not `results` or `.workshop`, so
 * `class/alice/.workshop/results/01.json` and `artifacts/alice/01.json` are both Alice's.
 */
export function learnerOf(file: string, root: string): string {
  let dir = dirname(resolve(file));
  const top = resolve(root);
  while (NOT_A_NAME.has(basename(dir)) && dir !== top && dirname(dir) !== dir) dir = dirname(dir);
  const name = basename(dir);
  return NOT_A_NAME.has(name) ? basename(top) : name;
}

function jsonFiles(path: string): string[] {
  const stat = statSync(path);
  if (stat.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return jsonFiles(child);
    return entry.isFile() && /^[^.]+\.json$/.test(entry.name) ? [child] : [];
  });
}

export interface CollectResult {
  rows: ClassRow[];
  /** One line per file that could not be read as a grade report. */
  problems: string[];
}

/** Reads every grade report under `paths`; a learner graded twice on a lab keeps the latest grade. */
export function collectResults(paths: readonly string[], cwd = process.cwd()): CollectResult {
  const problems: string[] = [];
  const latest = new Map<string, ClassRow>();
  for (const path of paths) {
    let files: string[];
    try {
      files = jsonFiles(path);
    } catch (error) {
      problems.push(
        `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
      );
      continue;
    }
    for (const file of files) {
      const shown = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        problems.push(`${shown}: not JSON (${(error as Error).message.split('\n')[0]})`);
        continue;
      }
      if (!isReport(data)) {
        // Classroom and other results sit beside the reports; only a file named like one is a problem.
        if (/^\d+[a-z0-9-]*\.json$/.test(basename(file))) problems.push(`${shown}: not a grade report`);
        continue;
      }
      const row: ClassRow = {
        learner: learnerOf(file, statSync(path).isFile() ? dirname(path) : path),
        lab: data.lab,
        title: data.title,
        score: data.score,
        maxScore: data.maxScore,
        passed: data.passed,
        stage: data.stage,
        failed: data.checks.filter((c) => c.status !== 'passed').map((c) => c.id),
        gradedAt: data.startedAt,
        file: shown.split(sep).join('/'),
      };
      const key = `${row.lab}\u0000${row.learner}`;
      const before = latest.get(key);
      if (!before || before.gradedAt < row.gradedAt) latest.set(key, row);
    }
  }
  const rows = [...latest.values()].sort(
    (a, b) => a.lab.localeCompare(b.lab) || a.learner.localeCompare(b.learner),
  );
  return { rows, problems };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function formatMarkdown(rows: readonly ClassRow[]): string {
  const out: string[] = [];
  const labs = [...new Set(rows.map((r) => r.lab))];
  for (const lab of labs) {
    const mine = rows.filter((r) => r.lab === lab);
    const full = mine.filter((r) => r.passed).length;
    const mean = mine.reduce((sum, r) => sum + r.score, 0) / mine.length;
    out.push(`## Lab ${lab}: ${cell(mine[0]?.title ?? '')}`, '');
    out.push(
      `${mine.length} learner${mine.length === 1 ? '' : 's'}, ${full} at full marks, mean ${mean.toFixed(1)}/${mine[0]?.maxScore ?? 0}`,
      '',
    );
    out.push('| Learner | Score | Full marks | Stopped at | Checks not passed | Graded at |');
    out.push('| --- | ---: | :---: | --- | --- | --- |');
    for (const r of mine) {
      out.push(
        `| ${cell(r.learner)} | ${r.score}/${r.maxScore} | ${r.passed ? '✓' : '✗'} | ${r.stage} | ${cell(r.failed.join(', ') || '—')} | ${r.gradedAt.replace('T', ' ').slice(0, 16)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(rows: readonly ClassRow[]): string {
  const header = 'lab,learner,score,maxScore,passed,stage,failedChecks,gradedAt,file';
  const lines = rows.map((r) =>
    [
      r.lab,
      r.learner,
      String(r.score),
      String(r.maxScore),
      String(r.passed),
      r.stage,
      r.failed.join(' '),
      r.gradedAt,
      r.file,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
