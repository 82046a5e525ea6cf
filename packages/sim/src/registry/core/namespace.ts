// Namespaces: DNS-1123 label names and the `kubernetes.io/metadata.name` label every Namespace gets.
import type { ResourceStrategy } from '../../core/strategy.ts';
import { invalid, path, toInvalid } from '../field-errors.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../metadata.ts';
import { unknownFields } from '../strict-decode.ts';

const META = { namespaced: false, nameRule: 'dns1123-label' } as const;
const NAME_LABEL = 'kubernetes.io/metadata.name';

export function namespaceStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default(ns) {
      // The label always mirrors the name, whatever the client sent.
      if (ns.metadata.name)
        ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [NAME_LABEL]: ns.metadata.name };
    },
    validateCreate: (ns) =>
      toInvalid(
        'Namespace',
        '',
        ns.metadata.name ?? '',
        validateObjectMeta(ns.metadata, META, path('metadata')),
      ),
    validateUpdate(ns, old) {
      const errs = validateObjectMetaUpdate(ns.metadata, old.metadata, path('metadata'));
      errs.push(...validateObjectMeta(ns.metadata, META, path('metadata')));
      const finalizers: string[] = ns.spec?.finalizers ?? [];
      finalizers.forEach((f, i) => {
        if (f !== 'kubernetes' && !f.includes('/')) {
          errs.push(
            invalid(
              path('spec', 'finalizers').index(i),
              f,
              'name is neither a standard finalizer name nor is it fully qualified',
            ),
          );
        }
      });
      return toInvalid('Namespace', '', ns.metadata.name ?? '', errs);
    },
  };
}
