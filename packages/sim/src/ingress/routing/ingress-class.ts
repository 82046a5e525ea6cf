// Which Ingresses this controller serves, following Traefik's shouldProcessIngress:
// `spec.ingressClassName` must name an IngressClass whose controller is traefik.io/ingress-controller;
// without the field, the legacy annotation must be empty/absent or equal the configured class
// (`traefik` when none is configured), so class-less Ingresses are served too.
import type { KubeObject } from '../../core/types.ts';
import { ANNOTATION_INGRESS_CLASS, type IngressSpec, TRAEFIK_CONTROLLER } from '../objects.ts';

export interface ClassOptions {
  /** `providers.kubernetesingress.ingressclass`; empty means Traefik's default behaviour. */
  ingressClass?: string;
}

/** Names of the IngressClasses that belong to this controller. */
export function ownIngressClasses(classes: KubeObject[], options: ClassOptions): Set<string> {
  const names = new Set<string>();
  for (const ic of classes) {
    if (ic.spec?.controller !== TRAEFIK_CONTROLLER) continue;
    const name = String(ic.metadata.name);
    if (options.ingressClass && options.ingressClass !== name) continue;
    names.add(name);
  }
  return names;
}

export function shouldProcessIngress(
  ingress: KubeObject,
  ownClasses: Set<string>,
  options: ClassOptions,
): boolean {
  const spec = (ingress.spec ?? {}) as IngressSpec;
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    return ownClasses.has(spec.ingressClassName);
  }
  const annotation = ingress.metadata.annotations?.[ANNOTATION_INGRESS_CLASS] ?? '';
  const configured = options.ingressClass ?? '';
  return annotation === configured || (configured === '' && annotation === 'traefik');
}
