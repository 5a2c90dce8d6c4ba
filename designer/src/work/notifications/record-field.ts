/**
 * A text field of a record's `fields` (JSON as the api sends it), or '' when it is absent or not text.
 * @example recordField({ name: 'Ann Lee', seats: 5 }, 'name') // → 'Ann Lee'
 */
export function recordField(fields: unknown, key: string): string {
  const value = (fields as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}
