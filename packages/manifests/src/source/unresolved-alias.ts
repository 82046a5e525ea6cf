// A value that starts with "*" is a YAML alias. `host: *.example.com` therefore refers to an anchor
// named ".example.com" that does not exist, and the document cannot be built: the learner meant a
// wildcard host and has to quote it. Found before the document is turned into an object, so the
// message names the value and its line instead of a generic alias error.
import { type Document, isAlias, type LineCounter, visit } from 'yaml';
import type { Diagnostic } from '../types.ts';

/** The first alias in `document` that refers to no anchor before it, as a located diagnostic. */
export function unresolvedAlias(
  document: Document,
  lineCounter: LineCounter,
  file: string,
): Diagnostic | undefined {
  let found: Diagnostic | undefined;
  visit(document, {
    Alias(_key, node) {
      if (!isAlias(node) || node.resolve(document) !== undefined) return undefined;
      const [start = 0, end = start] = node.range ?? [];
      const from = lineCounter.linePos(start);
      const to = lineCounter.linePos(end);
      const written = `*${node.source}`;
      const wildcard = node.source.startsWith('.');
      found = {
        file,
        line: from.line,
        col: from.col,
        endLine: to.line,
        endCol: to.col,
        severity: 'error',
        rule: 'yaml-unquoted-star',
        message: wildcard
          ? `${written} is read as a YAML alias, not as a wildcard host: a plain value cannot start with "*"`
          : `${written} is a YAML alias, and no anchor &${node.source} is defined before it`,
        hint: wildcard
          ? `quote it: "${written}"`
          : `quote the value if the "*" is meant literally ("${written}"), or define the anchor &${node.source} first`,
      };
      return visit.BREAK;
    },
  });
  return found;
}
