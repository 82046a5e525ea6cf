// Reads multi-document YAML into Kubernetes objects that remember their source positions; every problem
// with the file itself (size, encoding, syntax, alias bombs) becomes a located diagnostic instead of a throw.
import { readFile, stat } from 'node:fs/promises';
import { type Document, isDocument, LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic, JsonObject, ManifestObject, SourceDocument } from '../types.ts';
import { findDuplicateKeys } from './duplicate-keys.ts';
import { checkBytes, checkStructure, decodeUtf8, LIMITS, type LimitProblem, tooLarge } from './limits.ts';
import { unresolvedAlias } from './unresolved-alias.ts';
import { explainYamlError } from './yaml-messages.ts';

export interface ParseResult {
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
}

/** At most this many syntax errors are reported per document: the first ones are the useful ones. */
const MAX_ERRORS_PER_DOCUMENT = 5;

function positionOf(bytesOrText: Uint8Array | string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytesOrText.length; i++) {
    const c = typeof bytesOrText === 'string' ? bytesOrText.charCodeAt(i) : bytesOrText[i];
    if (c === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

function limitDiagnostic(file: string, problem: LimitProblem, content?: Uint8Array | string): Diagnostic {
  const at =
    content && problem.offset !== undefined ? positionOf(content, problem.offset) : { line: 1, col: 1 };
  return { file, ...at, severity: 'error', rule: problem.rule, message: problem.message, hint: problem.hint };
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function makeObject(
  file: string,
  documentIndex: number,
  basePath: Array<string | number>,
  value: JsonObject,
  source: SourceDocument,
): ManifestObject {
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    file,
    documentIndex,
    basePath,
    value,
    apiVersion: text(value.apiVersion),
    kind: text(value.kind),
    name: text(metadata.name),
    namespace: text(metadata.namespace),
    source,
  };
}

function documentStart(document: Document, lineCounter: LineCounter): { line: number; col: number } {
  const offset = document.contents?.range?.[0] ?? document.range?.[0] ?? 0;
  return lineCounter.linePos(offset);
}

/** Parses manifest text. `file` is only used to label diagnostics and objects. */
export function parseManifests(rawText: string, file: string): ParseResult {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const size = Buffer.byteLength(text);
  if (size > LIMITS.maxBytes) return { objects: [], diagnostics: [limitDiagnostic(file, tooLarge(size))] };
  const structure = checkStructure(text);
  if (structure) return { objects: [], diagnostics: [limitDiagnostic(file, structure, text)] };

  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  let documentCount = 0;

  documents.forEach((document, documentIndex) => {
    if (!isDocument(document)) return;
    const source: SourceDocument = { document, lineCounter };
    if (document.errors.length > 0) {
      for (const error of document.errors.slice(0, MAX_ERRORS_PER_DOCUMENT)) {
        const explained = explainYamlError(error);
        const start = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        const end = error.linePos?.[1];
        diagnostics.push({
          file,
          line: start.line,
          col: start.col,
          ...(end ? { endLine: end.line, endCol: end.col } : {}),
          severity: 'error',
          ...explained,
          hint: [explained.hint, documents.length > 1 ? `(document ${documentIndex + 1} of this file)` : '']
            .filter(Boolean)
            .join(' '),
        });
      }
      documentCount++;
      return;
    }
    if (document.contents === null) return; // an empty document, e.g. after a trailing ---
    const duplicates = findDuplicateKeys(document, MAX_ERRORS_PER_DOCUMENT);
    if (duplicates.length > 0) {
      for (const { key, range } of duplicates) {
        const start = lineCounter.linePos(range[0]);
        const end = lineCounter.linePos(range[1]);
        diagnostics.push({
          file,
          ...start,
          endLine: end.line,
          endCol: end.col,
          severity: 'error',
          rule: 'yaml-duplicate-key',
          message: `key "${key}" appears twice in the same mapping`,
          hint: 'keep one of them; the API server refuses duplicate fields (strict decoding error: duplicate field)',
        });
      }
      documentCount++;
      return;
    }
    documentCount++;
    const alias = unresolvedAlias(document, lineCounter, file);
    if (alias) {
      diagnostics.push(alias);
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: LIMITS.maxAliasCount });
    } catch (cause) {
      diagnostics.push({
        file,
        ...documentStart(document, lineCounter),
        severity: 'error',
        rule: 'yaml-alias-bomb',
        message: `YAML aliases expand to more than ${LIMITS.maxAliasCount} copies; the document is refused (${(cause as Error).message})`,
        hint: 'this is the shape of a "billion laughs" attack; write the values out instead of nesting aliases',
      });
      return;
    }
    if (value === null || value === undefined) return;
    if (!isPlainObject(value)) {
      diagnostics.push({
        file,
        ...documentStart(document, lineCounter),
        severity: 'error',
        rule: 'not-an-object',
        message: `document is ${describeValue(value)}, not a Kubernetes object`,
        hint: 'a manifest is a mapping that starts with apiVersion:, kind: and metadata:',
      });
      return;
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, index) => {
        if (isPlainObject(item))
          objects.push(makeObject(file, documentIndex, ['items', index], item, source));
      });
      return;
    }
    objects.push(makeObject(file, documentIndex, [], value, source));
  });

  if (documentCount === 0) {
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      severity: 'warning',
      rule: 'no-objects',
      message: 'file holds no Kubernetes objects',
      hint: 'the file is empty or only has comments; add a manifest or remove the file',
    });
  }
  return { objects, diagnostics };
}

/** Reads and parses one manifest file, refusing oversized, binary and non-UTF-8 files before parsing. */
export async function readManifestFile(file: string): Promise<ParseResult> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return {
      objects: [],
      diagnostics: [
        {
          file,
          line: 1,
          col: 1,
          severity: 'error',
          rule: 'file-not-found',
          message:
            code === 'ENOENT' ? 'file does not exist' : `file cannot be read (${code ?? String(cause)})`,
          hint: 'check the path; paths are relative to the current directory',
        },
      ],
    };
  }
  // Refuse without reading: a hostile file may be gigabytes.
  if (size > LIMITS.maxBytes) return { objects: [], diagnostics: [limitDiagnostic(file, tooLarge(size))] };
  const bytes = new Uint8Array(await readFile(file));
  const bytesProblem = checkBytes(bytes);
  if (bytesProblem) return { objects: [], diagnostics: [limitDiagnostic(file, bytesProblem, bytes)] };
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded)
    return { objects: [], diagnostics: [limitDiagnostic(file, decoded.problem, bytes)] };
  return parseManifests(decoded.text, file);
}
