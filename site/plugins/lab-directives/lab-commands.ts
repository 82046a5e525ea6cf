// ::lab-commands — the learner's loop for the page's lab: start it, edit its exercise files, grade,
// reset. Shown, not run (an editor is part of it); the page's runnable blocks are written by hand.
import type { LeafDirective } from 'mdast-util-directive';
import { jsxDiv } from './mdast.ts';
import type { Page } from './page.ts';
import { fill, stringsFor } from './strings.ts';

export function labCommands(page: Page, node: LeafDirective) {
  const lab = page.lab(node, 'lab-commands');
  const words = stringsFor(page.locale).commands;
  const namespace = lab.namespaces[0] ?? `lab-${lab.id}`;
  const commands: Array<[string, string?]> = [
    [`npx lab start ${lab.id}`, fill(words.start, { namespace })],
    ...lab.exercise.map((file): [string] => [`$EDITOR ${lab.shown}/${file}`]),
    [`npx lab grade ${lab.id}`, words.grade],
    [`npx lab reset ${lab.id}`, words.reset],
  ];
  const width = Math.max(...commands.filter(([, comment]) => comment).map(([command]) => command.length)) + 2;
  const script = commands
    .map(([command, comment]) => (comment ? `${command.padEnd(width)}# ${comment}` : command))
    .join('\n');
  return jsxDiv({ className: 'lab-commands', 'data-lab-commands': lab.folder }, [
    { type: 'code', lang: 'bash', meta: `title="${fill(words.title, { id: lab.id })}"`, value: script },
  ]);
}
