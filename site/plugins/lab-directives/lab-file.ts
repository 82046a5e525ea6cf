// ::lab-file{path="base/deployment-api.yaml" highlight="spec.selector, spec.ports[0].targetPort"}
// The file exactly as it is in the lab folder, titled with its repository path, line numbers on,
// and the lines of each highlighted YAML path marked. An exercise file is shown as shipped (its
// version in git HEAD) when a learner has edited it, so a rebuilt site never presents the
// learner's work as the starting point.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { LabFormatError, lineRange, parseFieldPath, parseYamlSource, type YamlPath } from '@workshop/lab';
import type { LeafDirective } from 'mdast-util-directive';
import { jsxDiv } from './mdast.ts';
import type { Page } from './page.ts';

const LANGUAGE: Record<string, string> = { '.yaml': 'yaml', '.yml': 'yaml', '.sh': 'bash', '.ts': 'ts' };

export function labFile(page: Page, node: LeafDirective) {
  const lab = page.lab(node, 'lab-file');
  const path = node.attributes?.path?.trim();
  if (!path)
    page.fail(node, '::lab-file needs a path inside the lab folder, e.g. path="solution/service.yaml"');
  const file = resolve(lab.dir, path);
  const inside = relative(lab.dir, file);
  if (inside.startsWith('..') || inside === '') {
    page.fail(node, `::lab-file path "${path}" is outside ${lab.shown}/; name a file of the lab folder`);
  }
  page.depend(file);
  const shown = page.show(file);
  if (!existsSync(file) || !statSync(file).isFile()) {
    page.fail(
      node,
      `::lab-file: ${shown} does not exist (${lab.shown}/ has ${listFiles(lab.dir).join(', ')})`,
    );
  }
  const text = inside.split(sep)[0] === 'exercise' ? shipped(file) : readFileSync(file, 'utf8');
  const language = LANGUAGE[extname(file)] ?? (extname(file).slice(1) || 'text');
  const highlight = splitPaths(node.attributes?.highlight ?? '');
  let lines = '';
  if (highlight.length > 0) {
    if (language !== 'yaml')
      page.fail(node, `::lab-file highlight takes YAML paths, and ${shown} is not YAML`);
    lines = highlightLines(page, node, text, shown, highlight);
  }
  const meta = [`title="${shown}"`, 'showLineNumbers', lines].filter(Boolean).join(' ');
  return jsxDiv({ className: 'lab-file', 'data-lab-file': shown }, [
    { type: 'code', lang: language, meta, value: text.replace(/\s+$/, '') },
  ]);
}

/**
 * The file's text as committed in git HEAD when git tracks it and it differs; otherwise as it is
 * (a lab being written, or a copy of the repository without git).
 */
export function shipped(file: string): string {
  try {
    return execFileSync('git', ['show', `HEAD:./${basename(file)}`], {
      cwd: dirname(file),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return readFileSync(file, 'utf8');
  }
}

/** `{4-5,8}` for the code block's metastring. */
function highlightLines(
  page: Page,
  node: LeafDirective,
  text: string,
  shown: string,
  paths: string[],
): string {
  let source: ReturnType<typeof parseYamlSource>;
  try {
    source = parseYamlSource(text, shown);
  } catch (error) {
    page.fail(node, (error as Error).message);
  }
  const ranges = paths.map((text_) => {
    let path: YamlPath;
    try {
      path = parseFieldPath(text_);
    } catch (error) {
      if (error instanceof LabFormatError) page.fail(node, `::lab-file highlight: ${error.message}`);
      throw error;
    }
    const range = lineRange(source, path, text);
    if (!range)
      page.fail(node, `::lab-file highlight: ${shown} has no YAML path "${text_}"; ${nearest(source, path)}`);
    return range[0] === range[1] ? `${range[0]}` : `${range[0]}-${range[1]}`;
  });
  return `{${ranges.join(',')}}`;
}

/** What the file does have where the path stops matching: the keys (or items) of its deepest match. */
function nearest(source: ReturnType<typeof parseYamlSource>, path: YamlPath): string {
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const value = depth === 0 ? source.value : source.doc.getIn(prefix);
    const at = pathText(prefix) || 'the top level';
    const js =
      value && typeof value === 'object' && 'toJSON' in value
        ? (value as { toJSON(): unknown }).toJSON()
        : value;
    if (Array.isArray(js)) return `${at} is a list of ${js.length} (indexes 0–${js.length - 1})`;
    if (js && typeof js === 'object') {
      const keys = Object.keys(js).map((key) => (prefix.length ? `${pathText(prefix)}.${key}` : key));
      return `${at} has ${keys.join(', ')}`;
    }
  }
  return 'the file has no YAML paths';
}

function pathText(path: YamlPath): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${key}`)).join('');
}

/** `a, b[0].c, metadata.labels["x,y"]` → three paths (commas inside brackets stay). */
export function splitPaths(text: string): string[] {
  const paths: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[') depth++;
    if (char === ']') depth--;
    if (char === ',' && depth === 0) {
      paths.push(current);
      current = '';
    } else current += char;
  }
  paths.push(current);
  return paths.map((p) => p.trim()).filter(Boolean);
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, base);
    return [relative(base, full).split(sep).join('/')];
  });
}
