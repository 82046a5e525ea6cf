// targetPort values the API server refuses: quoted numbers ("8080") and named ports that are not IANA
// service names (max 15 characters, lowercase letters/digits/'-', at least one letter).
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { servicePorts } from './helpers.ts';

/** Why a named port is not an IANA service name, or undefined if it is one. */
export function ianaNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return "must contain only lowercase letters (a-z), digits (0-9) and '-'";
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

export const targetPortFormatRule: Rule = {
  id: 'target-port-format',
  check(object) {
    if (object.kind !== 'Service') return [];
    const diagnostics: Diagnostic[] = [];
    for (const { path, port } of servicePorts(object)) {
      const targetPort = port.targetPort;
      if (typeof targetPort !== 'string' || targetPort === '') continue;
      const at = [...path, 'targetPort'];
      if (/^\d+$/.test(targetPort)) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'target-port-string',
            message: `targetPort "${targetPort}" is a quoted number, which the API server reads as a port name and refuses`,
            hint: `write targetPort: ${targetPort} without quotes, or use a named container port (targetPort: http)`,
          }),
        );
        continue;
      }
      const problem = ianaNameProblem(targetPort);
      if (problem) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'target-port-name-invalid',
            message: `targetPort "${targetPort}" is not a valid port name: it ${problem}`,
            hint: 'a named targetPort refers to a containerPort name such as http or web',
          }),
        );
      }
    }
    return diagnostics;
  },
};
