// The lab.yaml format, validated field by field. Every problem is reported as file:line:col with
// what was expected and what was found, so a lab author can fix it without reading this file.
import type { Document, LineCounter } from 'yaml';

export interface LabPolicy {
  allowedKinds: string[];
  allowedImages: string[];
}

export interface LabDefinition {
  /** Two digits, e.g. "01". */
  id: string;
  slug: string;
  title: string;
  /** The lesson's site path, e.g. /lessons/why-services. */
  lesson: string;
  objectives: string[];
  minutes: number;
  /** The namespaces the lab uses; the first is where base/ and the learner's files go. */
  namespaces: string[];
  policy: LabPolicy;
  /** The files the learner edits, relative to the lab folder (exercise/…). */
  exercise: string[];
  /** Optional hints shown when the lab starts (e.g. which URL to try). */
  entry?: Record<string, unknown>;
}

const KNOWN = [
  'id',
  'slug',
  'title',
  'lesson',
  'objectives',
  'minutes',
  'namespaces',
  'policy',
  'exercise',
  'entry',
];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export class LabFormatError extends Error {
  override readonly name = 'LabFormatError';
}

/** Validates a parsed lab.yaml; `where` gives positions for messages. */
export function validateLabDefinition(doc: Document, lineCounter: LineCounter, file: string): LabDefinition {
  const at = (path: Array<string | number>) => {
    const node = (path.length ? doc.getIn(path, true) : doc.contents) as
      | { range?: [number, number, number] }
      | undefined;
    const offset = node?.range?.[0] ?? (doc.contents as { range?: [number] } | null)?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const fail = (path: Array<string | number>, message: string): never => {
    throw new LabFormatError(`${at(path)}: ${message}`);
  };
  const value = doc.toJS() as Record<string, unknown> | null;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    fail([], 'lab.yaml must be a mapping (id, slug, title, …)');
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) fail([key], `unknown field "${key}"; lab.yaml fields are ${KNOWN.join(', ')}`);
  }
  const str = (key: string, pattern?: RegExp, expected?: string): string => {
    const v = raw[key];
    if (v === undefined) fail([], `"${key}" is required`);
    if (typeof v !== 'string' || !v.trim())
      fail([key], `"${key}" must be a non-empty string; found ${JSON.stringify(v)}`);
    if (pattern && !pattern.test(v as string))
      fail([key], `"${key}" must be ${expected}; found ${JSON.stringify(v)}`);
    return v as string;
  };
  const list = (
    key: string,
    item: (v: unknown, i: number) => string | undefined,
    optional = false,
  ): string[] => {
    const v = raw[key];
    if (v === undefined && optional) return [];
    if (!Array.isArray(v))
      fail(
        v === undefined ? [] : [key],
        `"${key}" must be a list; found ${v === undefined ? 'nothing' : JSON.stringify(v)}`,
      );
    (v as unknown[]).forEach((x, i) => {
      const problem = item(x, i);
      if (problem) fail([key, i], `${key}[${i}] ${problem}; found ${JSON.stringify(x)}`);
    });
    return v as string[];
  };
  const id = str('id', /^\d{2}$/, 'two digits in quotes, e.g. "01"');
  const slug = str('slug', /^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens, e.g. "clusterip"');
  const title = str('title');
  const lesson = str('lesson', /^\//, 'a site path starting with "/", e.g. "/lessons/why-services"');
  const objectives = list('objectives', (v) =>
    typeof v === 'string' && v.trim() ? undefined : 'must be a sentence',
  );
  if (!objectives.length) fail(['objectives'], '"objectives" must list at least one objective');
  const minutes = raw.minutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes <= 0) {
    fail(
      minutes === undefined ? [] : ['minutes'],
      `"minutes" must be a whole number above 0; found ${JSON.stringify(minutes)}`,
    );
  }
  const namespaces = list('namespaces', (v) =>
    typeof v === 'string' && DNS_LABEL.test(v) && v.length <= 63
      ? undefined
      : 'must be a namespace name (a lowercase DNS label)',
  );
  if (!namespaces.length) fail(['namespaces'], '"namespaces" must name at least one namespace, e.g. lab-01');
  const exercise = list('exercise', (v) =>
    typeof v === 'string' && v.startsWith('exercise/') && !v.includes('..')
      ? undefined
      : 'must be a path inside exercise/',
  );
  const policyRaw = raw.policy as Record<string, unknown> | undefined;
  if (!policyRaw || typeof policyRaw !== 'object')
    fail(
      policyRaw === undefined ? [] : ['policy'],
      '"policy" must be a mapping with allowedKinds and allowedImages',
    );
  const policy = policyRaw as Record<string, unknown>;
  for (const key of ['allowedKinds', 'allowedImages']) {
    const v = policy[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      fail(
        v === undefined ? ['policy'] : ['policy', key],
        `policy.${key} must be a list of strings; found ${JSON.stringify(v ?? null)}`,
      );
    }
  }
  const entry = raw.entry;
  if (entry !== undefined && (typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
    fail(['entry'], `"entry" must be a mapping of hints; found ${JSON.stringify(entry)}`);
  }
  return {
    id,
    slug,
    title,
    lesson,
    objectives,
    minutes: minutes as number,
    namespaces,
    policy: {
      allowedKinds: policy.allowedKinds as string[],
      allowedImages: policy.allowedImages as string[],
    },
    exercise,
    entry: entry as Record<string, unknown> | undefined,
  };
}
