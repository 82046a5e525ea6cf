// Cheap, linear checks that run before the YAML parser, so hostile files (huge, binary, deeply nested,
// millions of keys) are refused in milliseconds instead of exhausting the parser's time or memory.

export const LIMITS = {
  /** Bytes per file. Lab manifests are a few KB; the API server itself refuses requests over ~3 MB. */
  maxBytes: 1024 * 1024,
  maxLines: 10_000,
  /** Flow collection openers (`[`, `{`) per file; nesting thousands deep makes the parser crawl. */
  maxFlowOpeners: 10_000,
  /** Flow separators (`,`) per file. */
  maxFlowSeparators: 5_000,
  /** Block indicators opening on one line (`- - - - x`), each a level of nesting. */
  maxIndicatorsPerLine: 64,
  /** Alias expansions when building the object: what stops a "billion laughs" bomb. */
  maxAliasCount: 100,
} as const;

export interface LimitProblem {
  rule: string;
  message: string;
  hint: string;
  /** 0-based offset in the text, when the problem has a place. */
  offset?: number;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** The problem for a file over the byte limit; callers may know the size without reading the file. */
export function tooLarge(size: number): LimitProblem {
  return {
    rule: 'file-too-large',
    message: `file is ${formatBytes(size)}; manifests larger than ${formatBytes(LIMITS.maxBytes)} are refused`,
    hint: 'a lab manifest is a few KB; check that this is the file you meant to lint',
  };
}

/** Refuses content that is too big or is not text. Runs on raw bytes, before decoding. */
export function checkBytes(bytes: Uint8Array): LimitProblem | undefined {
  if (bytes.length > LIMITS.maxBytes) return tooLarge(bytes.length);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      rule: 'binary-file',
      message: 'file contains NUL bytes, so it is binary, not a YAML manifest',
      hint: 'lint only .yaml/.yml text files',
      offset: nul,
    };
  }
  return undefined;
}

/** Decodes UTF-8 strictly; on invalid bytes reports where the first one is. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: LimitProblem } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    return {
      problem: {
        rule: 'not-utf8',
        message: 'file is not valid UTF-8 text',
        hint: 'save the file as UTF-8 (Kubernetes manifests must be UTF-8)',
        offset: Math.max(0, lenient.indexOf('\uFFFD')),
      },
    };
  }
}

/** Counts structure the YAML parser would have to build and refuses pathological amounts. */
export function checkStructure(text: string): LimitProblem | undefined {
  let lines = 1;
  let openers = 0;
  let separators = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lines++;
      lineStart = i + 1;
      if (lines > LIMITS.maxLines) {
        return {
          rule: 'file-too-large',
          message: `file has more than ${LIMITS.maxLines} lines; longer manifests are refused`,
          hint: 'split the manifest into one file per object',
          offset: i + 1,
        };
      }
      continue;
    }
    if (i === lineStart && indicatorsAt(text, i) > LIMITS.maxIndicatorsPerLine) return tooDeep(i);
    if (c === 91 || c === 123) openers++;
    else if (c === 44) separators++;
  }
  if (openers > LIMITS.maxFlowOpeners) return tooDeep(text.search(/[[{]/));
  if (separators > LIMITS.maxFlowSeparators) {
    return {
      rule: 'file-too-large',
      message: `file has more than ${LIMITS.maxFlowSeparators} flow items (commas); larger manifests are refused`,
      hint: 'write lists as block sequences, one "- item" per line, and keep manifests small',
      offset: text.indexOf(','),
    };
  }
  return undefined;
}

/** Counts the block indicators (`- `, `? `) a line opens with; bounded work per line. */
function indicatorsAt(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c !== 32 && c !== 9 && c !== 45 && c !== 63) return 0;
  const window = text.slice(start, start + 4 * LIMITS.maxIndicatorsPerLine + 16);
  const match = /^[ \t]*(?:[-?][ \t]+)+/.exec(window);
  return match ? (match[0].match(/[-?]/g)?.length ?? 0) : 0;
}

function tooDeep(offset: number): LimitProblem {
  return {
    rule: 'yaml-too-deep',
    message: 'YAML nesting is far deeper than any manifest needs; the file is refused',
    hint: 'this looks generated or hostile; a Kubernetes manifest nests a few dozen levels at most',
    offset,
  };
}
