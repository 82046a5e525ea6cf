// The learner's loop for one lab, with the lab's real id and exercise files.
import CodeBlock from '@theme/CodeBlock';
import type { ReactNode } from 'react';
import type { LabModule } from './LabChecks';

export default function LabCommands({
  lab,
}: {
  lab: LabModule & { lab: { exercise?: string[] } };
}): ReactNode {
  const { id, slug } = lab.lab;
  const files = (lab.lab.exercise ?? []).map((file) => `labs/${id}-${slug}/${file}`);
  const script = [
    `npx lab start ${id}      # cluster up (or reuse), namespace lab-${id}, the lab's base deployed`,
    ...files.map((file) => `$EDITOR ${file}`),
    `npx lab grade ${id}      # lint → apply → checks → scorecard with hints`,
    `npx lab reset ${id}      # start over (your version is backed up first)`,
  ].join('\n');
  return (
    <CodeBlock language="bash" title={`Lab ${id}`}>
      {script}
    </CodeBlock>
  );
}
