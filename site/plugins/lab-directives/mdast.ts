// Small builders for the mdast the directives put in a page: a JSX <div> that carries data-*
// attributes, GFM tables, and phrasing nodes.
import type { AlignType, BlockContent, PhrasingContent, Table, TableCell, TableRow } from 'mdast';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';

export function jsxDiv(attributes: Record<string, string>, children: BlockContent[]): MdxJsxFlowElement {
  return {
    type: 'mdxJsxFlowElement',
    name: 'div',
    attributes: Object.entries(attributes).map(([name, value]) => ({ type: 'mdxJsxAttribute', name, value })),
    children,
  };
}

export type Cell = string | PhrasingContent | PhrasingContent[];

function cell(content: Cell): TableCell {
  const children =
    typeof content === 'string' ? [text(content)] : Array.isArray(content) ? content : [content];
  return { type: 'tableCell', children };
}

export function table(align: AlignType[], header: Cell[], rows: Cell[][]): Table {
  const row = (cells: Cell[]): TableRow => ({ type: 'tableRow', children: cells.map(cell) });
  return { type: 'table', align, children: [row(header), ...rows.map(row)] };
}

export const text = (value: string): PhrasingContent => ({ type: 'text', value });

export const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value });

export const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });

export const link = (url: string, children: PhrasingContent[] | string): PhrasingContent => ({
  type: 'link',
  url,
  children: typeof children === 'string' ? [text(children)] : children,
});
