/**
 * json-logic truthiness: JavaScript's, except that an empty array is false.
 * @example truthy([]) // → false; truthy('0') // → true
 */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return !!value;
}
