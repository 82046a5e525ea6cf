// Moving field ownership after a write: a manager loses the fields another write changed (for an
// apply without force, that is a conflict instead) and the fields the write removed.
import { StatusError } from '../../core/types.ts';
import type { Comparison } from './fields/compare.ts';
import { type FieldPath, type FieldSet, formatPath } from './fields/field-set.ts';
import { describeManager, type Manager, type Managers } from './managed-fields.ts';

interface Conflict {
  manager: Manager;
  path: FieldPath;
}

/** The API server's 409 for an apply that would change fields other managers own. */
export function conflictError(conflicts: Conflict[]): StatusError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.manager)}`,
    field: formatPath(c.path),
  }));
  let message: string;
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(only.manager)}: ${formatPath(only.path)}`;
  } else {
    const byManager = new Map<string, Conflict[]>();
    for (const c of conflicts) {
      const name = describeManager(c.manager);
      byManager.set(name, [...(byManager.get(name) ?? []), c]);
    }
    const lines: string[] = [];
    for (const name of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${name}:`);
      for (const c of byManager.get(name) ?? []) lines.push(`- ${formatPath(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}

/**
 * Takes from every manager but `self` the fields `comparison` changed or removed. With
 * `force` false, changed fields another manager owns are a conflict (409) and nothing moves,
 * unless the path is in `allowed`.
 */
export function transferOwnership(
  managers: Managers,
  self: string,
  comparison: Comparison,
  force: boolean,
  allowed?: FieldSet,
): void {
  const changed = comparison.modified.union(comparison.added);
  const conflicts: Conflict[] = [];
  for (const [key, manager] of managers) {
    if (key === self) continue;
    for (const path of manager.fields.intersection(changed).paths()) {
      if (!allowed?.has(path)) conflicts.push({ manager, path });
    }
  }
  if (!force && conflicts.length > 0) throw conflictError(conflicts);
  for (const [key, manager] of managers) {
    if (key === self) continue;
    manager.fields = manager.fields.difference(changed).difference(comparison.removed);
    if (manager.fields.isEmpty()) managers.delete(key);
  }
}
