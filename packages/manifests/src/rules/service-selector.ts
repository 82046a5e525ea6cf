// A Service whose selector matches no Pod template of the lab: its endpoints stay empty, so it cannot
// work. Compared exactly and case-sensitively, as the endpoints controller does.
import { formatLabels, type PodTemplate, podTemplate, stringMap, valueAt } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Rule } from '../types.ts';
import { nameOf } from './helpers.ts';
import { labTemplates, selects, serviceSelector } from './selected-pods.ts';

function closeness(selector: Record<string, string>, template: PodTemplate): number {
  let score = 0;
  for (const [key, value] of Object.entries(selector)) {
    if (template.labels[key] === value) score += 3;
    else if (template.labels[key]?.toLowerCase() === value.toLowerCase()) score += 2;
    else if (key in template.labels) score += 1;
  }
  return score;
}

function hintFor(selector: Record<string, string>, template: PodTemplate): string {
  for (const [key, value] of Object.entries(selector)) {
    const label = template.labels[key];
    if (label !== undefined && label !== value && label.toLowerCase() === value.toLowerCase()) {
      return `labels match case-sensitively: the selector says ${key}: ${value} but the Pods have ${key}: ${label}`;
    }
  }
  const ownLabels = stringMap(valueAt(template.object.value, ['metadata', 'labels']));
  if (template.object.kind !== 'Pod' && selects(selector, ownLabels)) {
    return `the selector matches the ${template.object.kind}'s own labels, but a Service selects Pods: use the labels of spec.template.metadata.labels`;
  }
  return `every key of spec.selector must match a label of the Pod template (spec.template.metadata.labels of ${nameOf(template.object)})`;
}

/**
 * Where to point: the value of the first selector entry whose key the Pods have with another value,
 * else the first key they do not have at all, else the selector itself.
 */
function wrongEntry(
  selector: Record<string, string>,
  template: PodTemplate,
): [path: string[], part: 'key' | 'value'] {
  const entries = Object.entries(selector);
  const differs = entries.find(([key, value]) => key in template.labels && template.labels[key] !== value);
  if (differs) return [['spec', 'selector', differs[0]], 'value'];
  const missing = entries.find(([key]) => !(key in template.labels));
  if (missing) return [['spec', 'selector', missing[0]], 'key'];
  return [['spec', 'selector'], 'key'];
}

export const serviceSelectorRule: Rule = {
  id: 'selector-matches-nothing',
  check(object, context) {
    if (object.kind !== 'Service' || !context.knows('workloads')) return [];
    if (valueAt(object.value, ['spec', 'type']) === 'ExternalName') return [];
    const selector = serviceSelector(object);
    if (!selector) return [];
    const templates = labTemplates(object, context);
    if (templates.some((template) => selects(selector, template.labels))) return [];
    // The Pods it is meant for may be right, but in another namespace: a Service selects only in its own.
    const elsewhere = context.objects
      .map(podTemplate)
      .find((template) => template !== undefined && selects(selector, template.labels));
    if (elsewhere?.object.namespace && object.namespace) {
      return [
        diagnosticAt(object, ['metadata', 'namespace'], 'value', {
          severity: 'error',
          rule: 'selector-matches-nothing',
          message: `${nameOf(object)} is in namespace ${object.namespace}, but the Pods it selects, ${formatLabels(selector)}, are those of ${nameOf(elsewhere.object)} in namespace ${elsewhere.object.namespace}`,
          hint: 'a Service selects Pods in its own namespace only; with no matching Pod there it has no endpoints',
        }),
      ];
    }
    if (templates.length === 0) return [];
    const closest = [...templates].sort((a, b) => closeness(selector, b) - closeness(selector, a))[0];
    if (!closest) return [];
    const owner =
      closest.object.kind === 'Pod'
        ? `Pod "${closest.object.name}" is`
        : `the Pods of ${nameOf(closest.object)} are`;
    return [
      diagnosticAt(object, ...wrongEntry(selector, closest), {
        severity: 'error',
        rule: 'selector-matches-nothing',
        message: `${nameOf(object)} selects ${formatLabels(selector)} but ${owner} labelled ${formatLabels(closest.labels)}`,
        hint: `${hintFor(selector, closest)}; with no matching Pod the Service has no endpoints`,
      }),
    ];
  },
};
