// Deployment and ReplicaSet validation (kube's apps validation.go) with the exact messages.
import type { KubeObject } from '../../core/types.ts';
import { validatePodSpec } from '../core/pod-validation.ts';
import {
  type FieldError,
  type FieldPath,
  forbidden,
  invalid,
  notSupported,
  path,
  required,
} from '../field-errors.ts';
import { GoRepr, goIntOrString, goLabelSelector, goQuote, goStringMap } from '../go-format.ts';
import type { Json } from '../json.ts';
import {
  type LabelSelector,
  selectorIsEmpty,
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../metadata.ts';
import { regexError } from '../names.ts';

const META = { namespaced: true, nameRule: 'dns1123-subdomain' } as const;
const NEGATIVE = 'must be greater than or equal to 0';

function nonNegative(value: unknown, at: FieldPath): FieldError[] {
  const n = typeof value === 'number' ? value : 0;
  return n < 0 ? [invalid(at, n, NEGATIVE)] : [];
}

/** ValidatePodTemplateSpecForReplicaSet: the template must carry the selector's labels and restart Always. */
function validateTemplate(
  template: Json,
  selector: LabelSelector | undefined,
  at: FieldPath,
  workload: string,
): FieldError[] {
  if (template == null) return [required(at)];
  const errs: FieldError[] = [];
  const labels: Record<string, string> | undefined = template.metadata?.labels;
  // A missing selector selects nothing, so it never matches; an empty one selects everything.
  const everything = selector != null && selectorIsEmpty(selector);
  if (!everything && !selectorMatches(selector, labels)) {
    errs.push(
      invalid(
        at.child('metadata', 'labels'),
        goStringMap(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validateLabels(labels, at.child('labels')));
  errs.push(...validateAnnotations(template.metadata?.annotations, at.child('annotations')));
  errs.push(...validatePodSpec(template.spec, at.child('spec')));
  const restart = template.spec?.restartPolicy;
  if (restart !== 'Always')
    errs.push(notSupported(at.child('spec', 'restartPolicy'), String(restart ?? ''), ['Always']));
  if (template.spec?.activeDeadlineSeconds != null) {
    errs.push(
      forbidden(
        at.child('spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${workload} is not Supported`,
      ),
    );
  }
  return errs;
}

function validateSelectorAndTemplate(spec: Json, at: FieldPath, workload: string): FieldError[] {
  const errs: FieldError[] = [];
  const selector: LabelSelector | undefined = spec?.selector ?? undefined;
  if (selector == null) errs.push(required(at.child('selector')));
  else {
    errs.push(...validateLabelSelector(selector, at.child('selector')));
    if (selectorIsEmpty(selector))
      errs.push(
        invalid(at.child('selector'), goLabelSelector(selector), 'empty selector is invalid for deployment'),
      );
  }
  errs.push(...validateTemplate(spec?.template, selector, at.child('template'), workload));
  return errs;
}

const percentFmt = '[0-9]+%';
const percentMsg = "a valid percent string must be a numeric string followed by an ending '%'";

function intOrPercentValue(value: unknown): { value: number; percent: boolean } {
  if (typeof value === 'string')
    return { value: Number.parseInt(value, 10) || 0, percent: value.endsWith('%') };
  return { value: typeof value === 'number' ? value : 0, percent: false };
}

function validatePositiveIntOrPercent(value: unknown, at: FieldPath): FieldError[] {
  if (typeof value === 'string') {
    return new RegExp(`^${percentFmt}$`).test(value)
      ? []
      : [invalid(at, goIntOrString(value), regexError(percentMsg, percentFmt, '1%', '93%'))];
  }
  return nonNegative(value, at);
}

function goStrategy(strategy: Json): GoRepr {
  const rolling =
    strategy?.rollingUpdate == null
      ? '(*apps.RollingUpdateDeployment)(nil)'
      : '&apps.RollingUpdateDeployment{…}';
  return new GoRepr(
    `apps.DeploymentStrategy{Type:${goQuote(String(strategy?.type ?? ''))}, RollingUpdate:${rolling}}`,
  );
}

function validateStrategy(strategy: Json, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (strategy?.type) {
    case 'Recreate':
      if (strategy.rollingUpdate != null)
        errs.push(
          forbidden(at.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"),
        );
      break;
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (ru == null) {
        errs.push(required(at.child('rollingUpdate'), 'this should be defaulted and never be nil'));
        break;
      }
      const r = at.child('rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, r.child('maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, r.child('maxSurge')));
      if (intOrPercentValue(ru.maxUnavailable).value === 0 && intOrPercentValue(ru.maxSurge).value === 0) {
        errs.push(
          invalid(
            r.child('maxUnavailable'),
            goIntOrString(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      }
      const unavailable = intOrPercentValue(ru.maxUnavailable);
      if (unavailable.percent && unavailable.value > 100) {
        errs.push(
          invalid(
            r.child('maxUnavailable'),
            goIntOrString(ru.maxUnavailable),
            'must not be greater than 100%',
          ),
        );
      }
      break;
    }
    default:
      errs.push(notSupported(at, goStrategy(strategy), ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

export function validateDeployment(deployment: KubeObject): FieldError[] {
  const errs = validateObjectMeta(deployment.metadata, META, path('metadata'));
  const spec = deployment.spec ?? {};
  const at = path('spec');
  errs.push(...nonNegative(spec.replicas, at.child('replicas')));
  errs.push(...validateSelectorAndTemplate(spec, at, 'ReplicaSet'));
  errs.push(...validateStrategy(spec.strategy, at.child('strategy')));
  errs.push(...nonNegative(spec.minReadySeconds, at.child('minReadySeconds')));
  if (spec.revisionHistoryLimit != null)
    errs.push(...nonNegative(spec.revisionHistoryLimit, at.child('revisionHistoryLimit')));
  if (spec.progressDeadlineSeconds != null) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, at.child('progressDeadlineSeconds')));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(
        invalid(
          at.child('progressDeadlineSeconds'),
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

export function validateReplicaSet(replicaSet: KubeObject): FieldError[] {
  const errs = validateObjectMeta(replicaSet.metadata, META, path('metadata'));
  const spec = replicaSet.spec ?? {};
  errs.push(...nonNegative(spec.replicas, path('spec', 'replicas')));
  errs.push(...nonNegative(spec.minReadySeconds, path('spec', 'minReadySeconds')));
  errs.push(...validateSelectorAndTemplate(spec, path('spec'), 'ReplicaSet'));
  return errs;
}

/** apps/v1 forbids changing the selector; the error follows the spec's own errors. */
function selectorImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const now = JSON.stringify(obj.spec?.selector ?? null);
  const before = JSON.stringify(old.spec?.selector ?? null);
  return now === before
    ? []
    : [invalid(path('spec', 'selector'), goLabelSelector(obj.spec?.selector), 'field is immutable')];
}

export function validateDeploymentUpdate(deployment: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(deployment.metadata, old.metadata, path('metadata'));
  errs.push(...validateDeployment(deployment).filter((e) => !e.field.startsWith('metadata')));
  errs.push(...selectorImmutable(deployment, old));
  return errs;
}

export function validateReplicaSetUpdate(replicaSet: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(replicaSet.metadata, old.metadata, path('metadata'));
  errs.push(...validateReplicaSet(replicaSet).filter((e) => !e.field.startsWith('metadata')));
  errs.push(...selectorImmutable(replicaSet, old));
  return errs;
}
