// ObjectMeta, label, annotation and label-selector validation (apimachinery api/validation and
// apis/meta/v1/validation), plus label-selector matching for the template check of workloads.
import type { ObjectMeta } from '../core/types.ts';
import { type FieldError, type FieldPath, forbidden, invalid, required, tooLong } from './field-errors.ts';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, type NameRule, nameProblems } from './names.ts';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] }>;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export interface MetaOptions {
  namespaced: boolean;
  nameRule: NameRule;
}

/** Label keys and values; both report on the map's own path (not keyed), as the API server does. */
export function validateLabels(labels: Record<string, string> | undefined, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push(invalid(at, key, msg));
    for (const msg of isValidLabelValue(String(value))) errs.push(invalid(at, String(value), msg));
  }
  return errs;
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  at: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    // Annotation keys are qualified names compared case-insensitively.
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(invalid(at, key, msg));
    size += key.length + String(value).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(at, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  options: MetaOptions,
  at: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const m = meta ?? {};
  if (m.generateName) {
    for (const msg of nameProblems(options.nameRule, m.generateName, true))
      errs.push(invalid(at.child('generateName'), m.generateName, msg));
  }
  if (!m.name) errs.push(required(at.child('name'), 'name or generateName is required'));
  else
    for (const msg of nameProblems(options.nameRule, m.name))
      errs.push(invalid(at.child('name'), m.name, msg));
  if (options.namespaced) {
    // The API server fills the namespace from the URL before validation; only its format can fail here.
    if (m.namespace)
      for (const msg of isDNS1123Label(m.namespace))
        errs.push(invalid(at.child('namespace'), m.namespace, msg));
  } else if (m.namespace) {
    errs.push(forbidden(at.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateLabels(m.labels, at.child('labels')));
  errs.push(...validateAnnotations(m.annotations, at.child('annotations')));
  (m.finalizers ?? []).forEach((name, i) => {
    const fin = at.child('finalizers').index(i);
    const problems = isQualifiedName(name);
    for (const msg of problems) errs.push(invalid(fin, name, msg));
    if (problems.length === 0 && !name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(invalid(fin, name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

/** metadata on update: name and namespace may not change; then the create rules. */
export function validateObjectMetaUpdate(
  meta: ObjectMeta | undefined,
  old: ObjectMeta | undefined,
  at: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  if ((meta?.name ?? '') !== (old?.name ?? ''))
    errs.push(invalid(at.child('name'), meta?.name ?? '', 'field is immutable'));
  if ((meta?.namespace ?? '') !== (old?.namespace ?? ''))
    errs.push(invalid(at.child('namespace'), meta?.namespace ?? '', 'field is immutable'));
  errs.push(...validateLabels(meta?.labels, at.child('labels')));
  errs.push(...validateAnnotations(meta?.annotations, at.child('annotations')));
  return errs;
}

export function validateLabelSelector(selector: LabelSelector | undefined, at: FieldPath): FieldError[] {
  if (!selector) return [];
  const errs = validateLabels(selector.matchLabels, at.child('matchLabels'));
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const p = at.child('matchExpressions').index(i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push(
            forbidden(
              p.child('values'),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        errs.push(invalid(p.child('operator'), expr.operator ?? '', 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(expr.key ?? ''))
      errs.push(invalid(p.child('key'), expr.key ?? '', msg));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(p.child('values').index(j), v, msg));
    });
  });
  return errs;
}

/** True when the selector has no requirements at all (matches everything). */
export function selectorIsEmpty(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

/** metav1.LabelSelector semantics; a missing selector matches nothing. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (have[k] !== v) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const key = expr.key ?? '';
    const present = Object.hasOwn(have, key);
    const values = expr.values ?? [];
    if (expr.operator === 'In' && !(present && values.includes(have[key] ?? ''))) return false;
    if (expr.operator === 'NotIn' && present && values.includes(have[key] ?? '')) return false;
    if (expr.operator === 'Exists' && !present) return false;
    if (expr.operator === 'DoesNotExist' && present) return false;
  }
  return true;
}
