/**
 * A record's fields after some changes: a value replaces the field's, `null` clears the field (how a
 * transition's input fields are read; `updateFields` reads its fields the same way).
 * @example mergeFieldChanges({ name: 'Acme', phone: '+1 555 0100' }, { phone: null, seats: 2 }) // → { name: 'Acme', seats: 2 }
 */
export function mergeFieldChanges(fields: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...fields };
  for (const name in changes) {
    const value = changes[name];
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
