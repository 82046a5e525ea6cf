// An Ingress backend must name a Service of the lab and one of its ports: `port.number` is the Service's
// port (not the targetPort or containerPort), `port.name` a Service port name. Otherwise Traefik logs
// "service not found" / "service port not found" and answers 404.
import { didYouMeanSuffix } from '../did-you-mean.ts';
import { isRecord } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, FieldPath, JsonObject, ManifestObject, Rule } from '../types.ts';
import { findObject, ingressBackends, nameOf, objectsOfKind, servicePorts } from './helpers.ts';

function describePorts(service: ManifestObject): string {
  const ports = servicePorts(service).map(({ port }) =>
    typeof port.name === 'string' && port.name !== ''
      ? `${String(port.port)} (${port.name})`
      : String(port.port),
  );
  return ports.length === 0 ? 'no ports' : `port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}`;
}

interface BackendRef {
  name: string;
  namePath: FieldPath;
  port: { number?: number; name?: string };
  portPath: FieldPath;
}

/** Reads a backend in the v1 form (service.name, service.port) or the removed v1beta1 form. */
function backendRef(path: FieldPath, backend: JsonObject): BackendRef | undefined {
  const service = backend.service;
  if (isRecord(service) && typeof service.name === 'string') {
    const port = isRecord(service.port) ? service.port : {};
    const field = typeof port.number === 'number' ? 'number' : 'name';
    return {
      name: service.name,
      namePath: [...path, 'service', 'name'],
      port: {
        number: typeof port.number === 'number' ? port.number : undefined,
        name: typeof port.name === 'string' ? port.name : undefined,
      },
      portPath: [...path, 'service', 'port', field],
    };
  }
  if (typeof backend.serviceName === 'string') {
    const port = backend.servicePort;
    const numeric = typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port));
    return {
      name: backend.serviceName,
      namePath: [...path, 'serviceName'],
      port: numeric ? { number: Number(port) } : { name: typeof port === 'string' ? port : undefined },
      portPath: [...path, 'servicePort'],
    };
  }
  return undefined;
}

export const ingressBackendRule: Rule = {
  id: 'ingress-backend',
  check(object, context) {
    if (object.kind !== 'Ingress' || !context.knows('Service')) return [];
    const diagnostics: Diagnostic[] = [];
    for (const { path, backend, routePath } of ingressBackends(object)) {
      const ref = backendRef(path, backend);
      if (!ref) continue;
      const route = routePath === undefined ? 'the default backend' : `"${routePath}"`;
      const target = findObject(context, 'Service', ref.name, object);
      if (!target) {
        const names = objectsOfKind(context, 'Service', object)
          .map((s) => s.name)
          .filter((n): n is string => typeof n === 'string');
        diagnostics.push(
          diagnosticAt(object, ref.namePath, 'value', {
            severity: 'error',
            rule: 'backend-service-missing',
            message: `${nameOf(object)} sends ${route} to Service "${ref.name}", which the lab does not define${didYouMeanSuffix(ref.name, names)}`,
            hint:
              names.length > 0
                ? `Services in this lab: ${names.join(', ')}`
                : 'create the Service, or point the backend at an existing one',
          }),
        );
        continue;
      }
      const port = ref.port;
      const ports = servicePorts(target);
      if (typeof port.number === 'number') {
        if (ports.some(({ port: p }) => p.port === port.number)) continue;
        const asTarget = ports.find(({ port: p }) => p.targetPort === port.number);
        diagnostics.push(
          diagnosticAt(object, ref.portPath, 'value', {
            severity: 'error',
            rule: 'backend-port-missing',
            message: `${nameOf(object)} sends ${route} to port ${port.number} of ${nameOf(target)}, which has ${describePorts(target)}`,
            hint: asTarget
              ? `${port.number} is the targetPort of Service port ${String(asTarget.port.port)}; an Ingress names the Service's port: write number: ${String(asTarget.port.port)}`
              : "service.port.number is the Service's port (spec.ports[].port), not its targetPort or the containerPort",
          }),
        );
      } else if (typeof port.name === 'string') {
        const names = ports.map(({ port: p }) => p.name).filter((n): n is string => typeof n === 'string');
        if (names.includes(port.name)) continue;
        diagnostics.push(
          diagnosticAt(object, ref.portPath, 'value', {
            severity: 'error',
            rule: 'backend-port-missing',
            message: `${nameOf(object)} sends ${route} to port "${port.name}" of ${nameOf(target)}, which has ${describePorts(target)}${didYouMeanSuffix(port.name, names)}`,
            hint: 'service.port.name is a Service port name (spec.ports[].name), not a container port name',
          }),
        );
      }
    }
    return diagnostics;
  },
};
