/** Keys whose values are instants: ISO-8601 strings in a suite, epoch milliseconds in the engine. */
const INSTANT_KEY = /(At|^at|^since|^until|^now|^awayFrom|^awayUntil)$/;
/** Subtrees that are tenant data, never converted. */
const OPAQUE_KEYS = new Set(['fields', 'definition', 'logic', 'to']);

/**
 * Turns a suite's ISO-8601 instants into epoch milliseconds, at keys that name instants (dueAt, since, …).
 * @example toInstants({ dueAt: '2026-01-08T00:00:00Z' }) // → { dueAt: 1767830400000 }
 */
export function toInstants(value: unknown, key = ''): unknown {
  if (OPAQUE_KEYS.has(key) && typeof value === 'object') return value;
  if (Array.isArray(value)) return value.map((item) => toInstants(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toInstants(v, k)]));
  }
  if (typeof value === 'string' && INSTANT_KEY.test(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new Error(`"${value}" at "${key}" is not an ISO-8601 instant`);
    return ms;
  }
  return value;
}

/**
 * Turns epoch milliseconds at instant keys back into ISO-8601 strings, so that failures read as dates.
 * @example toIso({ dueAt: 1767830400000 }) // → { dueAt: '2026-01-08T00:00:00.000Z' }
 */
export function toIso(value: unknown, key = ''): unknown {
  if (OPAQUE_KEYS.has(key) && typeof value === 'object') return value;
  if (Array.isArray(value)) return value.map((item) => toIso(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toIso(v, k)]));
  }
  if (typeof value === 'number' && INSTANT_KEY.test(key) && Number.isFinite(value)) return new Date(value).toISOString();
  return value;
}
