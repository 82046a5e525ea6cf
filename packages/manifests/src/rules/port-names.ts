// Service port names: required when a Service has several ports, unique, and lowercase RFC 1123 labels.
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { servicePorts } from './helpers.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const portNamesRule: Rule = {
  id: 'port-name',
  check(object) {
    if (object.kind !== 'Service') return [];
    const ports = servicePorts(object);
    const diagnostics: Diagnostic[] = [];
    const names = new Map<string, number>();
    for (const { index, path, port } of ports) {
      const name = port.name;
      if (name === undefined || name === '') {
        if (ports.length > 1) {
          diagnostics.push(
            diagnosticAt(object, path, 'value', {
              severity: 'error',
              rule: 'port-name-required',
              message: `this Service has ${ports.length} ports, so spec.ports[${index}] needs a name`,
              hint: `name every port, e.g. name: http and name: https; the API server says: spec.ports[${index}].name: Required value`,
            }),
          );
        }
        continue;
      }
      if (typeof name !== 'string') continue; // a wrong type is reported by the schema
      if (name.length > 63 || !DNS_LABEL.test(name)) {
        const lower = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
        diagnostics.push(
          diagnosticAt(object, [...path, 'name'], 'value', {
            severity: 'error',
            rule: 'port-name-invalid',
            message: `port name "${name}" is not a lowercase RFC 1123 label`,
            hint: `use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. "${lower}")`,
          }),
        );
        continue;
      }
      const first = names.get(name);
      if (first !== undefined) {
        diagnostics.push(
          diagnosticAt(object, [...path, 'name'], 'value', {
            severity: 'error',
            rule: 'port-name-duplicate',
            message: `port name "${name}" is already used by spec.ports[${first}]`,
            hint: 'port names must be unique within a Service',
          }),
        );
        continue;
      }
      names.set(name, index);
    }
    return diagnostics;
  },
};
