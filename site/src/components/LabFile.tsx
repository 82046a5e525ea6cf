// Shows a file from labs/ exactly as it is in the repository, with the YAML paths the lesson
// explains highlighted. The file arrives through the `?manifest` loader at build time.
import CodeBlock from '@theme/CodeBlock';
import type { ReactNode } from 'react';

export interface ManifestModule {
  path: string;
  text: string;
  ranges: Record<string, [number, number]>;
}

interface Props {
  file: ManifestModule;
  /** Dotted YAML paths to highlight, e.g. ['spec.selector', 'spec.ports[0].targetPort']. */
  highlight?: string[];
}

export function highlightRanges(file: ManifestModule, paths: string[]): string {
  const ranges = paths.map((path) => {
    const range = file.ranges[path];
    if (!range) {
      throw new Error(
        `${file.path} has no YAML path "${path}"; known paths: ${Object.keys(file.ranges).join(', ')}`,
      );
    }
    return range[0] === range[1] ? `${range[0]}` : `${range[0]}-${range[1]}`;
  });
  return ranges.length > 0 ? `{${ranges.join(',')}}` : '';
}

export default function LabFile({ file, highlight = [] }: Props): ReactNode {
  return (
    <div className="lab-file" data-lab-file={file.path}>
      <CodeBlock
        language="yaml"
        title={file.path}
        metastring={highlightRanges(file, highlight)}
        showLineNumbers
      >
        {file.text.trimEnd()}
      </CodeBlock>
    </div>
  );
}
