// Turns the yaml package's error codes into plain messages with a hint on how to fix the text.
import type { ErrorCode, YAMLError } from 'yaml';

interface Explanation {
  rule: string;
  message: string;
  hint?: string;
}

// Duplicate keys are found by duplicate-keys.ts, in linear time, so DUPLICATE_KEY never reaches here.
const EXPLANATIONS: Partial<Record<ErrorCode, (detail: string) => Explanation>> = {
  TAB_AS_INDENT: () => ({
    rule: 'yaml-tab-indent',
    message: 'tab used for indentation; YAML allows only spaces there',
    hint: 'replace the tab with spaces (this workshop indents by 2 spaces per level)',
  }),
  BAD_INDENT: (detail) => ({
    rule: 'yaml-indentation',
    message: `indentation does not fit the structure: ${detail}`,
    hint: 'line up keys of the same mapping in the same column, and indent children by 2 more spaces',
  }),
  MISSING_CHAR: (detail) => ({
    rule: 'yaml-syntax',
    message: `a character is missing: ${detail}`,
    hint: 'check for an unclosed quote or bracket, or a list item whose "- " is missing or misaligned',
  }),
  BLOCK_AS_IMPLICIT_KEY: () => ({
    rule: 'yaml-syntax',
    message: 'a second ": " on one line starts a nested mapping where a plain value was expected',
    hint: 'quote the value if it contains ": " (e.g. "a: b"), or move the nested mapping to its own indented line',
  }),
  MULTILINE_IMPLICIT_KEY: () => ({
    rule: 'yaml-syntax',
    message: 'a key runs over several lines, usually a missing ":" or a wrongly indented line',
    hint: 'each "key: value" must be on one line; check the colon and the indentation of this and the previous line',
  }),
  UNEXPECTED_TOKEN: (detail) => ({
    rule: 'yaml-syntax',
    message: `unexpected text: ${detail}`,
    hint: 'check the indentation and the ": " after each key',
  }),
  BAD_SCALAR_START: () => ({
    rule: 'yaml-syntax',
    message: 'a plain value cannot start with this character',
    hint: 'quote values that start with @, `, %, *, & or other YAML indicators',
  }),
  BAD_DQ_ESCAPE: () => ({
    rule: 'yaml-syntax',
    message: 'invalid escape sequence inside a double-quoted string',
    hint: 'use single quotes, or write a backslash as \\\\',
  }),
  BAD_ALIAS: () => ({
    rule: 'yaml-syntax',
    message: 'an alias (*name) refers to no anchor defined before it',
    hint: 'define the anchor (&name) first, or remove the alias',
  }),
  RESOURCE_EXHAUSTION: () => ({
    rule: 'yaml-too-deep',
    message: 'YAML nesting is deeper than the parser allows',
    hint: 'a Kubernetes manifest nests a few dozen levels at most',
  }),
  MULTIPLE_DOCS: () => ({
    rule: 'yaml-syntax',
    message: 'a document starts without a "---" separator',
    hint: 'separate manifests in one file with a line containing only ---',
  }),
  KEY_OVER_1024_CHARS: () => ({
    rule: 'yaml-syntax',
    message: 'a key is longer than 1024 characters',
    hint: 'keys are field names; check for a missing ": " or newline',
  }),
};

/** The yaml package's own first sentence, without "at line N, column M:" and the code excerpt. */
function detailOf(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}

export function explainYamlError(error: YAMLError): Explanation {
  const detail = detailOf(error);
  const explain = EXPLANATIONS[error.code];
  if (explain) return explain(detail);
  return { rule: 'yaml-syntax', message: `YAML syntax error: ${detail}` };
}
