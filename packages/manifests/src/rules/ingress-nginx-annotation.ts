// Annotations are read by one controller only. An `nginx.ingress.kubernetes.io/*` annotation on an
// Ingress that Traefik serves (class traefik, or no class at all: the workshop's default) is stored by
// the API server and then ignored, so a rewrite, a redirect or an allow-list silently does not happen.
// A warning, because the same file may be meant for an ingress-nginx cluster elsewhere.
import { isRecord, valueAt } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { nameOf } from './helpers.ts';

const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';
const TRAEFIK_MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';
const ATTACH = `attach it with the annotation ${TRAEFIK_MIDDLEWARES}: <namespace>-<name>@kubernetescrd`;

/** What Traefik offers instead, for the ingress-nginx annotations labs meet most. */
const INSTEAD: Record<string, string> = {
  'rewrite-target': `rewrite the path with a Traefik Middleware (traefik.io/v1alpha1) of type stripPrefix or replacePathRegex and ${ATTACH}`,
  'use-regex': `Ingress paths are not regular expressions under Traefik; match with pathType Prefix and rewrite with a replacePathRegex Middleware, then ${ATTACH}`,
  'app-root': `redirect / with a Traefik Middleware of type redirectRegex and ${ATTACH}`,
  'ssl-redirect': `redirect to HTTPS with a Traefik Middleware of type redirectScheme (scheme: https) and ${ATTACH}`,
  'force-ssl-redirect': `redirect to HTTPS with a Traefik Middleware of type redirectScheme (scheme: https) and ${ATTACH}`,
  'whitelist-source-range': `allow client ranges with a Traefik Middleware of type ipAllowList and ${ATTACH}`,
  'configuration-snippet': `set headers with a Traefik Middleware of type headers and ${ATTACH}`,
};
const GENERAL = `Traefik's own annotations start with traefik.ingress.kubernetes.io/; to change requests, write a Traefik Middleware (traefik.io/v1alpha1) and ${ATTACH}`;

/** The class an Ingress asks for, and whether Traefik is the controller that serves it. */
function servedByTraefik(object: { value: unknown }): { served: boolean; why: string } {
  const className = valueAt(object.value, ['spec', 'ingressClassName']);
  if (typeof className === 'string' && className !== '') {
    return { served: className === 'traefik', why: `class ${className}` };
  }
  const annotations = valueAt(object.value, ['metadata', 'annotations']);
  const legacy = isRecord(annotations) ? annotations['kubernetes.io/ingress.class'] : undefined;
  if (typeof legacy === 'string' && legacy !== '') {
    return { served: legacy === 'traefik', why: `class ${legacy}` };
  }
  return { served: true, why: 'no class, so the default class traefik' };
}

export const ingressNginxAnnotationRule: Rule = {
  id: 'nginx-annotation-ignored',
  check(object) {
    if (object.kind !== 'Ingress') return [];
    const annotations = valueAt(object.value, ['metadata', 'annotations']);
    if (!isRecord(annotations)) return [];
    const { served, why } = servedByTraefik(object);
    if (!served) return [];
    const diagnostics: Diagnostic[] = [];
    for (const key of Object.keys(annotations)) {
      if (!key.startsWith(NGINX_PREFIX)) continue;
      const name = key.slice(NGINX_PREFIX.length);
      diagnostics.push(
        diagnosticAt(object, ['metadata', 'annotations', key], 'key', {
          severity: 'warning',
          rule: 'nginx-annotation-ignored',
          message: `${key} has no effect: ${nameOf(object)} is served by Traefik (${why}), which ignores ingress-nginx annotations`,
          hint: INSTEAD[name] ?? GENERAL,
        }),
      );
    }
    return diagnostics;
  },
};
