/**
 * Freezes a value and everything inside it, so a shipped template cannot be changed by accident
 * (copy it first: `structuredClone(getTemplate(key).definition)`).
 * @example deepFreeze({ stages: [{ key: 'lead' }] }).stages[0].key = 'x' // → TypeError in strict mode
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
