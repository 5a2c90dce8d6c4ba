import type { Document } from 'bson';

/** How a document is tested against a filter of plain equalities: true, false, or 'unsure' (ask mingo). */
export type EqualityTest = (doc: Document) => boolean | 'unsure';

/**
 * A direct test for filters made only of top-level `field: string | number | boolean` equalities (the
 * version-checked write's `{ tenantId, version }`), so the hot path builds no mingo query per statement.
 * A stored value that is an object (an array, a Long, …) answers 'unsure': MongoDB's array and
 * numeric-type rules then go through mingo. Undefined when the filter has any other shape.
 * @example plainEqualityTest({ tenantId: 't1', version: 3 })?.({ tenantId: 't1', version: 3 }) // → true
 */
export function plainEqualityTest(filter: Document): EqualityTest | undefined {
  const entries = Object.entries(filter);
  for (const [field, value] of entries) {
    if (field.startsWith('$') || field.includes('.')) return undefined;
    if (typeof value === 'number' ? Number.isNaN(value) : typeof value !== 'string' && typeof value !== 'boolean') return undefined;
  }
  return (doc) => {
    for (const [field, value] of entries) {
      const stored: unknown = doc[field];
      if (stored === value) continue;
      if (typeof stored === 'object' && stored !== null) return 'unsure';
      return false;
    }
    return true;
  };
}
