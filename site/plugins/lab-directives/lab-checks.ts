// ::lab-checks — what the grader proves for the page's lab, in the page's locale: each check's
// title, points, first hint level and the section of the page that explains it, and the total.
import type { Heading, Nodes, PhrasingContent, Root } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { code, jsxDiv, link, strong, table, text } from './mdast.ts';
import type { Page } from './page.ts';
import { stringsFor } from './strings.ts';

export function labChecks(page: Page, node: LeafDirective, tree: Root) {
  const lab = page.lab(node, 'lab-checks');
  const words = stringsFor(page.locale).checks;
  const headings = headingTexts(tree);
  const attributes = { className: 'lab-checks', 'data-lab-checks': lab.folder, lang: lab.lang };
  if (lab.checks.length === 0) {
    return jsxDiv(attributes, [{ type: 'paragraph', children: [text(words.none)] }]);
  }
  const rows = lab.checks.map((check) => [
    inline(check.title),
    String(check.points),
    inline(check.hint[0] ?? ''),
    link(`#${check.section}`, headings.get(check.section) ?? check.section),
  ]);
  const total = [strong(words.total), strong(String(lab.maxScore)), '', ''];
  return jsxDiv(attributes, [
    table(
      [null, 'right', null, null],
      [words.check, words.points, words.hint, words.section],
      [...rows, total],
    ),
  ]);
}

/** Words in backticks in a lab string read as code on the page, as they do in the terminal. */
function inline(value: string): PhrasingContent[] {
  return value.split(/(`[^`]+`)/).flatMap((part) => {
    if (!part) return [];
    return part.startsWith('`') && part.endsWith('`') ? [code(part.slice(1, -1))] : [text(part)];
  });
}

/** Heading id → the heading's text, for headings written `## The lab {#the-lab}`. */
export function headingTexts(tree: Root): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (node: Nodes) => {
    if (node.type === 'heading') {
      const heading = headingId(node);
      if (heading) found.set(heading.id, heading.text);
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return found;
}

function headingId(node: Heading): { id: string; text: string } | undefined {
  const last = node.children[node.children.length - 1] as { type: string; value?: string } | undefined;
  const before = node.children.slice(0, -1);
  // MDX reads `{#the-lab}` as an expression; plain Markdown keeps it in the text.
  if (last?.type === 'mdxTextExpression' && /^#[\w-]+$/.test(last.value ?? '')) {
    return { id: (last.value ?? '').slice(1), text: plain(before).trim() };
  }
  const all = plain(node.children);
  const match = /^(.*?)\s*\{#([\w-]+)\}\s*$/.exec(all);
  return match ? { id: match[2] ?? '', text: match[1] ?? '' } : undefined;
}

function plain(nodes: unknown[]): string {
  return nodes
    .map((node) => {
      const n = node as { value?: string; children?: unknown[] };
      return typeof n.value === 'string' ? n.value : n.children ? plain(n.children) : '';
    })
    .join('');
}
