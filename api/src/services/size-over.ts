/** What one value other than a string, an array or an object is counted as (a number's 8 bytes). */
const SCALAR_BYTES = 8;

/**
 * Whether a plain value (JSON-like, as records and events are) takes more than `maxBytes`, roughly:
 * two bytes per string character, eight per other scalar, plus each key. Stops as soon as it knows,
 * so asking about a large value costs no more than asking about a value of `maxBytes`.
 * @example sizeOver({ note: 'x'.repeat(40_000) }, 64 * 1024) // → true
 */
export function sizeOver(value: unknown, maxBytes: number): boolean {
  let left = maxBytes;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') left -= 2 * next.length;
    else if (Array.isArray(next)) {
      left -= SCALAR_BYTES;
      for (const item of next) stack.push(item);
    } else if (next !== null && typeof next === 'object') {
      for (const key in next) {
        left -= 2 * key.length;
        stack.push((next as Record<string, unknown>)[key]);
      }
    } else left -= SCALAR_BYTES;
    if (left < 0) return true;
  }
  return false;
}
