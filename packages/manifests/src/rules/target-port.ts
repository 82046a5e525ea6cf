// A targetPort that no selected container exposes. A numeric one is a warning (a container may listen on a
// port it does not declare); a named one no container declares is an error (it can never resolve).
import { containersOf, isRecord, type PodTemplate } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { nameOf, protocolOf, servicePorts } from './helpers.ts';
import { selectedTemplates } from './selected-pods.ts';

interface DeclaredPort {
  name?: string;
  containerPort: number;
  protocol: string;
}

function declaredPorts(templates: PodTemplate[]): DeclaredPort[] {
  const result: DeclaredPort[] = [];
  for (const template of templates) {
    for (const { container, list } of containersOf(template)) {
      if (list !== 'containers' || !Array.isArray(container.ports)) continue;
      for (const port of container.ports) {
        if (!isRecord(port) || typeof port.containerPort !== 'number') continue;
        result.push({
          name: typeof port.name === 'string' ? port.name : undefined,
          containerPort: port.containerPort,
          protocol: protocolOf(port.protocol),
        });
      }
    }
  }
  return result;
}

function listPorts(ports: DeclaredPort[]): string {
  const unique = [
    ...new Set(ports.map((p) => (p.name ? `${p.containerPort} (${p.name})` : `${p.containerPort}`))),
  ];
  return unique.join(', ');
}

export const targetPortRule: Rule = {
  id: 'target-port',
  check(object, context) {
    if (object.kind !== 'Service') return [];
    const templates = selectedTemplates(object, context);
    if (templates.length === 0) return [];
    const owners = [...new Set(templates.map((t) => nameOf(t.object)))].join(', ');
    const diagnostics: Diagnostic[] = [];
    for (const { path, port } of servicePorts(object)) {
      const protocol = protocolOf(port.protocol);
      const declared = declaredPorts(templates).filter((p) => p.protocol === protocol);
      const targetPort = port.targetPort ?? port.port;
      const explicit = port.targetPort !== undefined;
      const at = explicit ? [...path, 'targetPort'] : [...path, 'port'];
      if (typeof targetPort === 'number') {
        if (declared.length === 0 || declared.some((p) => p.containerPort === targetPort)) continue;
        const only = declared.length === 1 ? declared[0] : undefined;
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'warning',
            rule: 'target-port-not-exposed',
            message: `targetPort ${targetPort}${explicit ? '' : ' (defaulted from port)'} but the selected containers listen on ${listPorts(declared)}`,
            hint: `compare targetPort with the containerPort of ${owners}: traffic sent to a port nothing listens on is refused`,
            fix: only
              ? `set targetPort: ${only.containerPort}${only.name ? ` (or its name: ${only.name})` : ''}`
              : `set targetPort to one of ${listPorts(declared)}`,
          }),
        );
      } else if (typeof targetPort === 'string' && targetPort !== '' && !/^\d+$/.test(targetPort)) {
        if (declared.some((p) => p.name === targetPort)) continue;
        const named = declared.filter((p) => p.name);
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'named-target-port-missing',
            message: `targetPort "${targetPort}" names no container port of the selected Pods${named.length > 0 ? ` (they declare ${named.map((p) => `${p.name}: ${p.containerPort}`).join(', ')})` : ''}`,
            hint: `a named targetPort must equal ports[].name of a container in ${owners}; add name: ${targetPort} to the container port, or use its number`,
          }),
        );
      }
    }
    return diagnostics;
  },
};
