// Resolves an object's apiVersion/kind to a schema, reporting removed versions (with the migration), kinds
// in the wrong group/version, wrong-case kinds and typo'd groups. Custom resources (traefik.io, Gateway
// API, …) have no schema here and pass without comment.
import { didYouMean } from '../did-you-mean.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, ManifestObject } from '../types.ts';
import {
  groupOf,
  groups,
  groupVersions,
  type KindSchema,
  kindIgnoringCase,
  loadKind,
  removedIn,
  versionsServing,
} from './catalog.ts';

export interface ApiTypeResult {
  diagnostics: Diagnostic[];
  /** The schema to validate against (of the corrected kind/version when the mistake was obvious). */
  schema?: KindSchema;
}

const MIGRATION_HINTS: Record<string, string> = {
  Ingress:
    'in networking.k8s.io/v1 every path needs pathType (Prefix, Exact or ImplementationSpecific); ' +
    'backend.serviceName becomes backend.service.name, backend.servicePort becomes backend.service.port.number ' +
    '(or backend.service.port.name for a named port), and spec.backend becomes spec.defaultBackend',
  Deployment: 'apps/v1 requires spec.selector.matchLabels, matching spec.template.metadata.labels',
  ReplicaSet: 'apps/v1 requires spec.selector.matchLabels, matching spec.template.metadata.labels',
  DaemonSet: 'apps/v1 requires spec.selector.matchLabels, matching spec.template.metadata.labels',
  StatefulSet: 'apps/v1 requires spec.selector.matchLabels, matching spec.template.metadata.labels',
};

function missing(object: ManifestObject, field: 'apiVersion' | 'kind'): Diagnostic {
  return diagnosticAt(object, [field], 'value', {
    severity: 'error',
    rule: 'missing-field',
    message: `missing required field "${field}"`,
    hint:
      field === 'apiVersion'
        ? 'every manifest starts with apiVersion (e.g. v1 for a Service, networking.k8s.io/v1 for an Ingress)'
        : 'every manifest names its kind, e.g. kind: Service',
  });
}

async function canonicalKind(kind: string): Promise<string | undefined> {
  for (const apiVersion of groupVersions) {
    const found = await kindIgnoringCase(apiVersion, kind);
    if (found) return found;
  }
  return undefined;
}

export async function checkApiType(object: ManifestObject): Promise<ApiTypeResult> {
  const { apiVersion, kind } = object;
  const diagnostics: Diagnostic[] = [];
  if (typeof apiVersion !== 'string') diagnostics.push(missing(object, 'apiVersion'));
  if (typeof kind !== 'string') diagnostics.push(missing(object, 'kind'));
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return { diagnostics };

  const exact = await loadKind(apiVersion, kind);
  if (exact) {
    const release = removedIn(apiVersion, kind);
    if (!release) return { diagnostics, schema: exact };
    const [replacement] = await versionsServing(kind);
    diagnostics.push(
      diagnosticAt(object, ['apiVersion'], 'value', {
        severity: 'error',
        rule: 'removed-api-version',
        message: `${kind} in ${apiVersion} is no longer served (removed in Kubernetes ${release})${replacement ? `; use apiVersion ${replacement}` : ''}`,
        hint: `kubectl would say: no matches for kind "${kind}" in version "${apiVersion}"${MIGRATION_HINTS[kind] ? `; ${MIGRATION_HINTS[kind]}` : ''}`,
      }),
    );
    // The old schema would only add noise about fields the migration renames anyway.
    return { diagnostics };
  }

  if (groupVersions.has(apiVersion)) {
    const sameVersion = await kindIgnoringCase(apiVersion, kind);
    if (sameVersion) {
      diagnostics.push(
        diagnosticAt(object, ['kind'], 'value', {
          severity: 'error',
          rule: 'unknown-kind',
          message: `kind "${kind}" does not exist in ${apiVersion}; did you mean "${sameVersion}"?`,
          hint: 'kinds are case-sensitive and written as in the API: Service, Ingress, Deployment',
        }),
      );
      return { diagnostics, schema: await loadKind(apiVersion, sameVersion) };
    }
  }

  const servedKind = (await versionsServing(kind)).length > 0 ? kind : await canonicalKind(kind);
  const served = servedKind ? await versionsServing(servedKind) : [];
  const group = groupOf(apiVersion);
  const looksBuiltIn = groups.has(group) || !group.includes('.') || didYouMean(group, groups) !== undefined;
  if (served[0] && servedKind && looksBuiltIn) {
    if (servedKind !== kind) {
      diagnostics.push(
        diagnosticAt(object, ['kind'], 'value', {
          severity: 'error',
          rule: 'unknown-kind',
          message: `kind "${kind}" does not exist; did you mean "${servedKind}"?`,
          hint: 'kinds are case-sensitive and written as in the API: Service, Ingress, Deployment',
        }),
      );
    }
    if (!served.includes(apiVersion)) {
      const known = groupVersions.has(apiVersion)
        ? `${servedKind} is not served in apiVersion "${apiVersion}"`
        : `apiVersion "${apiVersion}" does not exist`;
      diagnostics.push(
        diagnosticAt(object, ['apiVersion'], 'value', {
          severity: 'error',
          rule: 'unknown-api-version',
          message: `${known}; use apiVersion ${served[0]}`,
          hint: `kubectl would say: no matches for kind "${kind}" in version "${apiVersion}"`,
        }),
      );
    }
    return { diagnostics, schema: await loadKind(served[0], servedKind) };
  }

  if (groupVersions.has(apiVersion)) {
    diagnostics.push(
      diagnosticAt(object, ['kind'], 'value', {
        severity: 'error',
        rule: 'unknown-kind',
        message: `kind "${kind}" does not exist in ${apiVersion}`,
        hint: 'check the spelling; kinds are written as in the API: Service, Ingress, Deployment',
      }),
    );
  } else if (looksBuiltIn && !groups.has(group)) {
    const suggestion = didYouMean(group, [...groups].filter(Boolean));
    diagnostics.push(
      diagnosticAt(object, ['apiVersion'], 'value', {
        severity: 'error',
        rule: 'unknown-api-version',
        message: `apiVersion "${apiVersion}" names no API group the cluster serves${suggestion ? ` (did you mean group "${suggestion}"?)` : ''}`,
        hint: 'built-in apiVersions look like v1, apps/v1, networking.k8s.io/v1',
      }),
    );
  } else if (groups.has(group)) {
    diagnostics.push(
      diagnosticAt(object, ['apiVersion'], 'value', {
        severity: 'error',
        rule: 'unknown-api-version',
        message: `apiVersion "${apiVersion}" does not exist`,
        hint: `versions of ${group}: ${[...groupVersions].filter((gv) => groupOf(gv) === group).join(', ')}`,
      }),
    );
  }
  return { diagnostics };
}
