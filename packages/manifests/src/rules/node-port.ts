// nodePort mistakes: outside 30000–32767, used twice (in one Service or across the lab's Services, since
// node ports are cluster-wide), or set on a ClusterIP Service where it is forbidden.
import { valueAt } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { nameOf, protocolOf, servicePorts } from './helpers.ts';

export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

export const nodePortRule: Rule = {
  id: 'node-port',
  check(object, context) {
    if (object.kind !== 'Service') return [];
    const diagnostics: Diagnostic[] = [];
    const type = valueAt(object.value, ['spec', 'type']) ?? 'ClusterIP';
    const seen = new Map<string, number>();
    for (const { index, path, port } of servicePorts(object)) {
      const nodePort = port.nodePort;
      if (typeof nodePort !== 'number') continue;
      const at = [...path, 'nodePort'];
      if (type === 'ClusterIP') {
        diagnostics.push(
          diagnosticAt(object, at, 'key', {
            severity: 'error',
            rule: 'node-port-on-cluster-ip',
            message: `nodePort ${nodePort} is set but the Service type is ClusterIP, which opens no node port`,
            hint: "set spec.type: NodePort (or LoadBalancer), or remove nodePort; the API server says: may not be used when `type` is 'ClusterIP'",
          }),
        );
        continue;
      }
      if (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'node-port-range',
            message: `nodePort ${nodePort} is outside ${NODE_PORT_RANGE.min}–${NODE_PORT_RANGE.max}; leave it out to get one assigned`,
            hint: 'the labs map node ports 30000–30009 to the host',
          }),
        );
        continue;
      }
      const key = `${protocolOf(port.protocol)}/${nodePort}`;
      const first = seen.get(key);
      if (first !== undefined) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'duplicate-node-port',
            message: `nodePort ${nodePort} is already used by spec.ports[${first}] of this Service`,
            hint: 'each node port can be used once; pick another or leave nodePort out to get one assigned',
          }),
        );
        continue;
      }
      seen.set(key, index);
      const other = context.objects.find(
        (candidate) =>
          candidate !== object &&
          candidate.kind === 'Service' &&
          !(candidate.name === object.name && candidate.namespace === object.namespace) &&
          servicePorts(candidate).some(
            (p) => p.port.nodePort === nodePort && protocolOf(p.port.protocol) === protocolOf(port.protocol),
          ),
      );
      if (other) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'duplicate-node-port',
            message: `nodePort ${nodePort} is also used by ${nameOf(other)}; node ports are shared by the whole cluster`,
            hint: 'pick another port in 30000–32767 or leave nodePort out; the API server says: provided port is already allocated',
          }),
        );
      }
    }
    return diagnostics;
  },
};
