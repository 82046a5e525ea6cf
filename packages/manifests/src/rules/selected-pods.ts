// Which Pod templates of the lab a Service selects: the link every selector/targetPort rule checks.
import {
  isRecord,
  type PodTemplate,
  podTemplate,
  sameNamespace,
  stringMap,
  valueAt,
} from '../pod-templates.ts';
import type { ManifestObject, RuleContext } from '../types.ts';

export function serviceSelector(service: ManifestObject): Record<string, string> | undefined {
  const selector = valueAt(service.value, ['spec', 'selector']);
  if (!isRecord(selector) || Object.keys(selector).length === 0) return undefined;
  return stringMap(selector);
}

export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function labTemplates(service: ManifestObject, context: RuleContext): PodTemplate[] {
  return context.objects
    .filter((object) => sameNamespace(object, service))
    .map(podTemplate)
    .filter((template): template is PodTemplate => template !== undefined);
}

export function selectedTemplates(service: ManifestObject, context: RuleContext): PodTemplate[] {
  const selector = serviceSelector(service);
  if (!selector) return [];
  return labTemplates(service, context).filter((template) => selects(selector, template.labels));
}
