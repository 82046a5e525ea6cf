// spec.tls[].secretName should name a kubernetes.io/tls Secret of the lab; without it Traefik serves its
// own default certificate. A warning, because labs often create the Secret with kubectl instead.
import { valueAt } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { findObject } from './helpers.ts';

export const ingressTlsRule: Rule = {
  id: 'tls-secret',
  check(object, context) {
    if (object.kind !== 'Ingress' || !context.knows('Secret')) return [];
    const tls = valueAt(object.value, ['spec', 'tls']);
    if (!Array.isArray(tls)) return [];
    const diagnostics: Diagnostic[] = [];
    tls.forEach((entry, index) => {
      const secretName = valueAt(entry, ['secretName']);
      if (typeof secretName !== 'string' || secretName === '') return;
      const at = ['spec', 'tls', index, 'secretName'];
      const secret = findObject(context, 'Secret', secretName, object);
      if (!secret) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'warning',
            rule: 'tls-secret-missing',
            message: `TLS Secret "${secretName}" is not in the lab; until it exists the controller serves its default certificate`,
            hint: `create it: kubectl create secret tls ${secretName} --cert=tls.crt --key=tls.key${object.namespace ? ` -n ${object.namespace}` : ''}`,
          }),
        );
        return;
      }
      const type = valueAt(secret.value, ['type']);
      if (type !== 'kubernetes.io/tls') {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'warning',
            rule: 'tls-secret-type',
            message: `Secret "${secretName}" has type ${type === undefined ? 'Opaque (the default)' : String(type)}, not kubernetes.io/tls`,
            hint: 'a TLS Secret has type: kubernetes.io/tls with data keys tls.crt and tls.key',
          }),
        );
      }
    });
    return diagnostics;
  },
};
