// Refuses what an untrusted submission may not create: other kinds, images or namespaces, cluster-scoped
// objects, and anything that reaches the node (host namespaces, privileged containers, capabilities,
// hostPath, hostPort) or outside the cluster (ExternalName, externalIPs). Pure data checks: nothing from
// a submission is ever run.
import { containersOf, isRecord, podTemplate, valueAt } from '../pod-templates.ts';
import { nameOf } from '../rules/helpers.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, FieldPath, LocatePart, ManifestObject } from '../types.ts';
import { CLUSTER_SCOPED_KINDS } from './cluster-scoped.ts';
import { imageAllowed, namespaceAllowed, type Policy } from './policy.ts';

function refuse(
  object: ManifestObject,
  path: FieldPath,
  part: LocatePart,
  rule: string,
  message: string,
  hint?: string,
): Diagnostic {
  return diagnosticAt(object, path, part, {
    severity: 'error',
    rule: `policy/${rule}`,
    message: `policy/${rule}: ${message}`,
    hint,
  });
}

function checkObjectLevel(object: ManifestObject, policy: Policy): Diagnostic[] {
  const kind = object.kind;
  const who = nameOf(object);
  if (kind === undefined)
    return [
      refuse(object, [], 'value', 'kind', 'an object without kind cannot be checked, so it is refused'),
    ];
  if (CLUSTER_SCOPED_KINDS.has(kind)) {
    return [
      refuse(
        object,
        ['kind'],
        'value',
        'cluster-scoped',
        `${who} is cluster-scoped; submissions may only create objects in the lab's namespace`,
      ),
    ];
  }
  const diagnostics: Diagnostic[] = [];
  if (policy.allowedKinds && !policy.allowedKinds.includes(kind)) {
    diagnostics.push(
      refuse(
        object,
        ['kind'],
        'value',
        'kind',
        `${who} is not allowed in this lab; submissions may create ${policy.allowedKinds.join(', ')}`,
      ),
    );
  }
  const namespace = valueAt(object.value, ['metadata', 'namespace']);
  if (
    namespace !== undefined &&
    policy.namespaces &&
    !namespaceAllowed(String(namespace), policy.namespaces)
  ) {
    diagnostics.push(
      refuse(
        object,
        ['metadata', 'namespace'],
        'value',
        'namespace',
        `${who} is in namespace ${String(namespace)}; submissions may only use ${policy.namespaces.join(', ')}`,
        'leave metadata.namespace out: the lab applies your files to its own namespace',
      ),
    );
  }
  if (kind === 'Service') {
    if (valueAt(object.value, ['spec', 'type']) === 'ExternalName') {
      diagnostics.push(
        refuse(
          object,
          ['spec', 'type'],
          'value',
          'external-name',
          `${who} is of type ExternalName; submissions may not point Services outside the cluster`,
        ),
      );
    }
    const externalIPs = valueAt(object.value, ['spec', 'externalIPs']);
    if (Array.isArray(externalIPs) && externalIPs.length > 0) {
      diagnostics.push(
        refuse(
          object,
          ['spec', 'externalIPs'],
          'key',
          'external-ips',
          `${who} sets externalIPs ${externalIPs.join(', ')}; submissions may not claim external addresses`,
        ),
      );
    }
  }
  return diagnostics;
}

function checkPodSpec(object: ManifestObject, policy: Policy): Diagnostic[] {
  const template = podTemplate(object);
  if (!template) return [];
  const who = nameOf(object);
  const { spec, specPath } = template;
  const diagnostics: Diagnostic[] = [];
  const hostFlags: Array<[string, string, string]> = [
    ['hostNetwork', 'host-network', "the node's network"],
    ['hostPID', 'host-pid', "the node's process namespace"],
    ['hostIPC', 'host-ipc', "the node's IPC namespace"],
  ];
  for (const [field, rule, what] of hostFlags) {
    if (spec[field] === true) {
      diagnostics.push(
        refuse(
          object,
          [...specPath, field],
          'key',
          rule,
          `${who} sets ${field}: true; submissions may not use ${what}`,
        ),
      );
    }
  }
  if (Array.isArray(spec.volumes)) {
    spec.volumes.forEach((volume, index) => {
      if (!isRecord(volume) || volume.hostPath === undefined) return;
      const hostPath = valueAt(volume, ['hostPath', 'path']);
      diagnostics.push(
        refuse(
          object,
          [...specPath, 'volumes', index, 'hostPath'],
          'key',
          'host-path',
          `${who} mounts hostPath ${String(hostPath ?? '(no path)')}; submissions may not use hostPath volumes`,
          'use an emptyDir or a ConfigMap volume instead',
        ),
      );
    });
  }
  for (const { path, container } of containersOf(template)) {
    const cname = `container "${String(container.name ?? '?')}"`;
    const image = container.image;
    if (policy.allowedImages && !(typeof image === 'string' && imageAllowed(image, policy.allowedImages))) {
      diagnostics.push(
        refuse(
          object,
          [...path, 'image'],
          'value',
          'image',
          `${who} ${cname} uses image ${typeof image === 'string' ? image : '(none)'}; ${policy.allowedImages.length > 0 ? `this lab allows ${policy.allowedImages.join(', ')}` : 'this lab allows no images in submissions'}`,
        ),
      );
    }
    const security = isRecord(container.securityContext) ? container.securityContext : {};
    const securityPath = [...path, 'securityContext'];
    if (security.privileged === true) {
      diagnostics.push(
        refuse(
          object,
          [...securityPath, 'privileged'],
          'key',
          'privileged',
          `${who} runs ${cname} privileged; submissions may not run privileged containers`,
        ),
      );
    }
    if (security.allowPrivilegeEscalation === true) {
      diagnostics.push(
        refuse(
          object,
          [...securityPath, 'allowPrivilegeEscalation'],
          'key',
          'privilege-escalation',
          `${who} ${cname} sets allowPrivilegeEscalation: true; submissions may not allow privilege escalation`,
        ),
      );
    }
    const added = valueAt(security, ['capabilities', 'add']);
    if (Array.isArray(added) && added.length > 0) {
      diagnostics.push(
        refuse(
          object,
          [...securityPath, 'capabilities', 'add'],
          'key',
          'capabilities',
          `${who} ${cname} adds capabilities ${added.map(String).join(', ')}; submissions may not add capabilities`,
        ),
      );
    }
    if (Array.isArray(container.ports)) {
      container.ports.forEach((port, index) => {
        if (isRecord(port) && port.hostPort !== undefined && port.hostPort !== 0) {
          diagnostics.push(
            refuse(
              object,
              [...path, 'ports', index, 'hostPort'],
              'key',
              'host-port',
              `${who} ${cname} binds hostPort ${String(port.hostPort)}; submissions may not use hostPort`,
              'expose the Pod through a Service instead',
            ),
          );
        }
      });
    }
  }
  return diagnostics;
}

/** Every policy violation of `objects`, each located at the field that breaks the rule. */
export function checkPolicy(objects: readonly ManifestObject[], policy: Policy): Diagnostic[] {
  return objects.flatMap((object) => {
    const objectLevel = checkObjectLevel(object, policy);
    // A cluster-scoped object is refused as a whole; its pod spec (if any) is beside the point.
    if (objectLevel.some((d) => d.rule === 'policy/cluster-scoped')) return objectLevel;
    return [...objectLevel, ...checkPodSpec(object, policy)];
  });
}
