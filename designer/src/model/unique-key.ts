/**
 * A machine key not yet taken: `wanted` itself, or `wanted_2`, `wanted_3`…
 * @example uniqueKey('stage', new Set(['stage'])) // → 'stage_2'
 */
export function uniqueKey(wanted: string, taken: ReadonlySet<string>): string {
  const base = toKey(wanted);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const KEY_MAX_LENGTH = 56;

/** Lower-case letters, digits and underscores, starting with a letter (the schema's Key pattern). */
function toKey(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, KEY_MAX_LENGTH);
  return cleaned === '' ? 'stage' : cleaned;
}
