// Ingress path mistakes: missing pathType, relative paths, `/*` globs carried over from nginx/GCE
// habits, and sequences the API server refuses (`//`, `/./`, `/../`).
import { diagnosticAt, fieldPathText } from '../source/locate.ts';
import type { Diagnostic, Rule } from '../types.ts';
import { ingressPaths } from './helpers.ts';

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

function globReplacement(path: string): string {
  const stripped = path.replace(/\/?\*+$/, '');
  return stripped === '' ? '/' : stripped;
}

export const ingressPathRule: Rule = {
  id: 'ingress-path',
  check(object) {
    if (object.kind !== 'Ingress') return [];
    const legacy = object.apiVersion !== 'networking.k8s.io/v1';
    const diagnostics: Diagnostic[] = [];
    for (const { path, item } of ingressPaths(object)) {
      const value = item.path;
      const pathType = item.pathType;
      if (pathType === undefined) {
        diagnostics.push(
          diagnosticAt(object, value === undefined ? path : [...path, 'path'], 'key', {
            severity: 'error',
            rule: 'path-type-missing',
            message: `path ${value === undefined ? '' : `"${String(value)}" `}has no pathType; networking.k8s.io/v1 requires one of ${PATH_TYPES.join(', ')}`,
            hint: `${legacy ? 'the removed v1beta1 API defaulted it to ImplementationSpecific; ' : ''}use Prefix for the path and everything below it, Exact for this path only; the API server says: ${fieldPathText([...path, 'pathType'])}: Required value: pathType must be specified`,
          }),
        );
      }
      if (typeof value !== 'string') continue;
      const at = [...path, 'path'];
      if (value.includes('*')) {
        const replacement = globReplacement(value);
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'path-glob',
            message: `path "${value}" uses "*" as a wildcard, an nginx/GCE habit; in an Ingress "*" is a literal character`,
            hint:
              replacement === '/'
                ? 'with pathType: Prefix, "/" already matches every path below it: write path: /'
                : `with pathType: Prefix, "${replacement}" already matches ${replacement}/ and everything below it: write path: ${replacement}`,
          }),
        );
        continue;
      }
      if ((pathType === 'Exact' || pathType === 'Prefix' || value !== '') && !value.startsWith('/')) {
        diagnostics.push(
          diagnosticAt(object, at, 'value', {
            severity: 'error',
            rule: 'path-not-absolute',
            message: `path "${value}" must start with "/"`,
            hint: `write path: /${value}; the API server says: must be an absolute path`,
          }),
        );
        continue;
      }
      if (pathType === 'Exact' || pathType === 'Prefix') {
        const bad = ['//', '/./', '/../', '%2f', '%2F'].find((sequence) => value.includes(sequence));
        const badEnd = ['/..', '/.'].find((ending) => value.endsWith(ending));
        if (bad || badEnd) {
          diagnostics.push(
            diagnosticAt(object, at, 'value', {
              severity: 'error',
              rule: 'path-invalid',
              message: bad
                ? `path "${value}" must not contain '${bad}'`
                : `path "${value}" cannot end with '${badEnd}'`,
              hint: 'write the normalised path the requests will use, e.g. /api/v1',
            }),
          );
        }
      }
    }
    return diagnostics;
  },
};
