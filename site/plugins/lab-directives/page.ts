// One page being compiled: where it is, which locale it is built in, the lab its front matter names,
// and the files it reads (so the build can rebuild it when one of them changes).
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { type Lab, LabFormatError, labFolders, lessonDirs, loadLab, siteDirOf } from '@workshop/lab';
import type { Node, Root } from 'mdast';
import type { VFile } from 'vfile';
import { parse } from 'yaml';

export interface LabDirectiveOptions {
  /** The repository's labs/ folder. */
  labsRoot: string;
  /**
   * The locale being built. A page under i18n/<locale>/ is in that locale whatever this says; an
   * English page is in this locale when it is built as the fallback of an untranslated page.
   */
  locale: string;
  /** Filled with the files each page read, by page path (see lab-site.ts). */
  dependencies?: PageDependencies;
}

export interface Dependencies {
  files: Set<string>;
  /** Files whose appearance would change the page (an overlay not written yet). */
  missing: Set<string>;
  /** Folders whose new files would change the page (the lesson table). */
  dirs: Set<string>;
}

export type PageDependencies = Map<string, Dependencies>;

export class Page {
  readonly repoRoot: string;
  readonly siteDir: string;
  readonly shown: string;
  readonly locale: string;
  /** The lab folder named by the front matter's `lab:`. */
  readonly labFolder: string | undefined;
  readonly deps: Dependencies;
  private loaded: Lab | undefined;

  constructor(
    readonly file: VFile,
    tree: Root,
    readonly options: LabDirectiveOptions,
  ) {
    this.repoRoot = dirname(options.labsRoot);
    this.siteDir = siteDirOf(options.labsRoot);
    const path = file.path ?? '';
    this.shown = this.show(path);
    this.locale = localeOfPage(path, this.siteDir) ?? options.locale;
    const lab = frontMatterOf(file, tree).lab;
    this.labFolder = typeof lab === 'string' ? lab : undefined;
    this.deps = { files: new Set(), missing: new Set(), dirs: new Set() };
    if (path) options.dependencies?.set(path, this.deps);
  }

  /** A path as people read it: relative to the repository. */
  show(path: string): string {
    const rel = relative(this.repoRoot, path);
    return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : path;
  }

  at(node: Node): string {
    const start = node.position?.start;
    return start ? `${this.shown}:${start.line}:${start.column}` : this.shown;
  }

  /**
   * Stops the build with a message that starts with page:line:column. A plain Error without a
   * cause, because webpack's cache can serialize only that (the message carries the cause).
   */
  fail(node: Node, message: string): never {
    throw new Error(`${this.at(node)}: ${message}`);
  }

  depend(file: string): void {
    if (existsSync(file)) this.deps.files.add(file);
    else this.deps.missing.add(file);
  }

  /** The page's lab, in the page's locale; the directive at `node` needs it. */
  lab(node: Node, directive: string): Lab {
    if (this.loaded) return this.loaded;
    const folders = labFolders(this.options.labsRoot);
    if (!this.labFolder) {
      this.fail(
        node,
        `::${directive} shows the page's lab, but this lesson is without its lab: its front matter has no "lab:" (add e.g. "lab: ${folders[0] ?? '01-clusterip'}"; the labs are ${folders.join(', ') || 'none'})`,
      );
    }
    if (!folders.includes(this.labFolder)) {
      this.fail(
        node,
        `the front matter names lab "${this.labFolder}", which is not a folder of ${this.show(this.options.labsRoot)}/ (the labs are ${folders.join(', ') || 'none'})`,
      );
    }
    const dir = join(this.options.labsRoot, this.labFolder);
    this.depend(join(dir, 'lab.yaml'));
    if (this.locale !== 'en') this.depend(join(dir, `lab.${this.locale}.yaml`));
    try {
      this.loaded = loadLab(this.options.labsRoot, this.labFolder, {
        lang: this.locale,
        repoRoot: this.repoRoot,
        siteDir: this.siteDir,
      });
    } catch (error) {
      if (error instanceof LabFormatError) this.fail(node, `lab ${this.labFolder}: ${error.message}`);
      throw error;
    }
    // The loader checked the heading ids of the lesson and its translations: they are inputs too.
    const name = this.loaded.lesson.file.split(/[\\/]/).pop() ?? '';
    for (const { dir } of lessonDirs(this.siteDir)) this.depend(join(dir, name));
    return this.loaded;
  }
}

/** `…/site/i18n/ko/docusaurus-plugin-content-docs/…` → `ko`; a page of docs/ has no locale of its own. */
export function localeOfPage(path: string, siteDir: string): string | undefined {
  const rel = relative(join(siteDir, 'i18n'), path);
  if (!rel || rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

/** Docusaurus hands remark the parsed front matter; a plain remark pipeline leaves a yaml node. */
function frontMatterOf(file: VFile, tree: Root): Record<string, unknown> {
  const given = (file.data as { frontMatter?: Record<string, unknown> }).frontMatter;
  if (given) return given;
  const node = tree.children.find((child) => child.type === 'yaml');
  if (node && 'value' in node && typeof node.value === 'string') {
    return (parse(node.value) as Record<string, unknown> | null) ?? {};
  }
  const text = String(file.value ?? '');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return match ? ((parse(match[1] ?? '') as Record<string, unknown> | null) ?? {}) : {};
}
