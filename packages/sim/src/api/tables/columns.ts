// Column definitions as metav1.TableColumnDefinition, so `kubectl get` prints the same headers
// as against a real v1.33 API server; priority 1 columns show only with `-o wide`.

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export function column(
  name: string,
  type = 'string',
  priority = 0,
  format = '',
  description = '',
): ColumnDefinition {
  return { name, type, format, description: description || `${name} of the object`, priority };
}

export const NAME = column('Name', 'string', 0, 'name', 'Name must be unique within a namespace.');
export const AGE = column(
  'Age',
  'string',
  0,
  '',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);
