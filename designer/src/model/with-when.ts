/**
 * A nurture cadence or an assignment rule with its condition set, or without one (which means "always") when the
 * condition builder was emptied.
 * @example withWhen({ key: 'r', when: true }, undefined) // → { key: 'r' }
 */
export function withWhen<T extends { when?: unknown }>(item: T, when: unknown): T {
  const { when: _old, ...rest } = item;
  return (when === undefined ? rest : { ...rest, when }) as T;
}
