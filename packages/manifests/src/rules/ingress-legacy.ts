// Names each field of a removed v1beta1 Ingress that must change for networking.k8s.io/v1, at its place.
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { ingressBackends } from './helpers.ts';

const LEGACY_VERSIONS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1']);

export const ingressLegacyRule: Rule = {
  id: 'legacy-ingress-field',
  check(object) {
    if (object.kind !== 'Ingress' || !LEGACY_VERSIONS.has(object.apiVersion ?? '')) return [];
    const diagnostics: Diagnostic[] = [];
    for (const { path, backend } of ingressBackends(object)) {
      if (path.length === 2 && path[1] === 'backend') {
        diagnostics.push(
          diagnosticAt(object, path, 'key', {
            severity: 'error',
            rule: 'legacy-ingress-field',
            message:
              'spec.backend is the removed v1beta1 name; networking.k8s.io/v1 calls it spec.defaultBackend',
            hint: 'rename backend: to defaultBackend: and convert its service fields as below',
          }),
        );
      }
      const name = backend.serviceName;
      const port = backend.servicePort;
      if (name !== undefined) {
        diagnostics.push(
          diagnosticAt(object, [...path, 'serviceName'], 'key', {
            severity: 'error',
            rule: 'legacy-ingress-field',
            message: `serviceName is the removed v1beta1 form; in networking.k8s.io/v1 write service.name: ${String(name)}`,
            hint: 'in networking.k8s.io/v1 a backend names its Service under service: (name, and port.number or port.name)',
            fix: `the v1 backend reads:\nbackend:\n  service:\n    name: ${String(name)}\n    port:\n      ${typeof port === 'string' && !/^\d+$/.test(port) ? 'name' : 'number'}: ${String(port ?? '<Service port>')}`,
          }),
        );
      }
      if (port !== undefined) {
        const named = typeof port === 'string' && !/^\d+$/.test(port);
        diagnostics.push(
          diagnosticAt(object, [...path, 'servicePort'], 'key', {
            severity: 'error',
            rule: 'legacy-ingress-field',
            message: `servicePort is the removed v1beta1 form; in networking.k8s.io/v1 write service.port.${named ? 'name' : 'number'}: ${String(port)}`,
            hint: 'service.port.number is the Service port (spec.ports[].port); service.port.name is a Service port name',
          }),
        );
      }
    }
    return diagnostics;
  },
};
