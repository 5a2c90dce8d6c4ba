/**
 * Whether a required field counts as filled in: not absent, null, an empty string or an empty array.
 * @example fieldIsPresent('') // → false; fieldIsPresent(0) // → true
 */
export function fieldIsPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}
