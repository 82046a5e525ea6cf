// Ingress and IngressClass strategies: DefaultIngressClass admission, status on create, validation
// and the deprecated-annotation warning.
import type { RegistryContext, ResourceStrategy } from '../../core/strategy.ts';
import type { KubeObject } from '../../core/types.ts';
import { toInvalid } from '../field-errors.ts';
import { unknownFields } from '../strict-decode.ts';
import {
  INGRESS_CLASS_ANNOTATION,
  validateIngressClass,
  validateIngressClassUpdate,
  validateIngressCreate,
  validateIngressUpdate,
} from './validation.ts';

const INGRESS_CLASSES = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' };
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const GROUP = 'networking.k8s.io';

/** The newest IngressClass marked default (ties broken by name), as the admission plugin picks it since v1.25. */
export function defaultIngressClass(ctx: RegistryContext): KubeObject | undefined {
  const defaults = ctx
    .list(INGRESS_CLASSES)
    .items.filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  const time = (c: KubeObject) => Date.parse(c.metadata.creationTimestamp ?? '') || 0;
  defaults.sort((a, b) => time(b) - time(a) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return defaults[0];
}

export function ingressStrategy(): ResourceStrategy {
  return {
    unknownFields,
    admit(ingress, ctx) {
      // DefaultIngressClass acts on create only; on updates the object already carries its uid.
      if (ingress.metadata.uid) return;
      ingress.spec ??= {};
      if (ingress.spec.ingressClassName != null) return;
      if (ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined) return;
      const cls = defaultIngressClass(ctx);
      if (cls?.metadata.name) ingress.spec.ingressClassName = cls.metadata.name;
    },
    prepareForCreate(ingress) {
      ingress.status = { loadBalancer: {} };
    },
    validateCreate: (ingress) =>
      toInvalid('Ingress', GROUP, ingress.metadata.name ?? '', validateIngressCreate(ingress)),
    validateUpdate: (ingress, old) =>
      toInvalid('Ingress', GROUP, ingress.metadata.name ?? '', validateIngressUpdate(ingress, old)),
    warningsOnCreate(ingress) {
      const annotated = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined;
      return annotated && ingress.spec?.ingressClassName == null
        ? [
            `annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`,
          ]
        : [];
    },
  };
}

export function ingressClassStrategy(): ResourceStrategy {
  return {
    unknownFields,
    validateCreate: (cls) =>
      toInvalid('IngressClass', GROUP, cls.metadata.name ?? '', validateIngressClass(cls)),
    validateUpdate: (cls, old) =>
      toInvalid('IngressClass', GROUP, cls.metadata.name ?? '', validateIngressClassUpdate(cls, old)),
  };
}
