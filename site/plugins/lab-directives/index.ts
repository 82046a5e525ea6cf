// A remark plugin for the lesson pages: leaf directives that put a lab's real files, its checks, its
// commands and the list of lessons on a page at build time, from the lab named in the page's front
// matter. Runs before Docusaurus's own plugins (beforeDefaultRemarkPlugins), which parse the syntax.
import type { Nodes, Root, RootContent } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import type { VFile } from 'vfile';
import { labChecks } from './lab-checks.ts';
import { labCommands } from './lab-commands.ts';
import { labFile } from './lab-file.ts';
import { lessonTable } from './lesson-table.ts';
import { type LabDirectiveOptions, Page } from './page.ts';

export { checkLessonBindings } from '@workshop/lab';
export {
  type Dependencies,
  type LabDirectiveOptions,
  localeOfPage,
  type PageDependencies,
} from './page.ts';

type Handler = (page: Page, node: LeafDirective, tree: Root) => RootContent;

const handlers: Record<string, Handler> = {
  'lab-file': labFile,
  'lab-checks': labChecks,
  'lab-commands': labCommands,
  'lesson-table': lessonTable,
};

export default function remarkLabDirectives(options: LabDirectiveOptions) {
  return (tree: Root, file: VFile): void => {
    let page: Page | undefined;
    const visit = (parent: Nodes) => {
      if (!('children' in parent)) return;
      parent.children.forEach((child, index) => {
        const node = child as Nodes;
        if (node.type === 'leafDirective' && node.name in handlers) {
          page ??= new Page(file, tree, options);
          const handler = handlers[node.name] as Handler;
          (parent.children as RootContent[])[index] = handler(page, node, tree);
        } else if (
          (node.type === 'leafDirective' ||
            node.type === 'containerDirective' ||
            node.type === 'textDirective') &&
          /^(lab|lesson)-/.test(node.name)
        ) {
          page ??= new Page(file, tree, options);
          const colons =
            node.type === 'containerDirective' ? ':::' : node.type === 'leafDirective' ? '::' : ':';
          page.fail(
            node,
            `unknown directive ${colons}${node.name}; the lab directives are ${Object.keys(handlers)
              .map((name) => `::${name}`)
              .join(', ')} (each on a line of its own)`,
          );
        } else visit(node);
      });
    };
    visit(tree);
  };
}
