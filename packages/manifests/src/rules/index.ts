// Every lint rule, in the order their diagnostics are reported for an object.
import type { Rule } from '../types.ts';
import { ingressBackendRule } from './ingress-backend.ts';
import { ingressHostRule } from './ingress-host.ts';
import { ingressLegacyRule } from './ingress-legacy.ts';
import { ingressNginxAnnotationRule } from './ingress-nginx-annotation.ts';
import { ingressPathRule } from './ingress-path.ts';
import { ingressTlsRule } from './ingress-tls.ts';
import { nodePortRule } from './node-port.ts';
import { portNamesRule } from './port-names.ts';
import { serviceSelectorRule } from './service-selector.ts';
import { targetPortRule } from './target-port.ts';
import { targetPortFormatRule } from './target-port-format.ts';

export const RULES: readonly Rule[] = [
  nodePortRule,
  portNamesRule,
  targetPortFormatRule,
  serviceSelectorRule,
  targetPortRule,
  ingressLegacyRule,
  ingressPathRule,
  ingressHostRule,
  ingressBackendRule,
  ingressTlsRule,
  ingressNginxAnnotationRule,
];
